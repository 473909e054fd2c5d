from django import forms

from jixiao.web.widgets import QuickSelect

from .models import Department, FinanceBureau, Unit


class FinanceBureauForm(forms.ModelForm):
    class Meta:
        model = FinanceBureau
        fields = ["name"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["finance_bureau", "name", "code", "reviewing_section"]
        widgets = {"finance_bureau": QuickSelect}


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["department", "name", "is_main"]
        widgets = {"department": QuickSelect}  # a province's thousands of departments
