from django import forms

from .models import Department, FinanceBureau, Unit


class FinanceBureauForm(forms.ModelForm):
    class Meta:
        model = FinanceBureau
        fields = ["name"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["finance_bureau", "name", "code", "reviewing_section"]


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["department", "name", "is_main"]
