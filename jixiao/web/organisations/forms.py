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

    def __init__(self, *args, bureau: FinanceBureau | None = None, **kwargs):
        """With a bureau chosen on the page, only its departments are offered (and accepted); a demo department
        marked as every list marks it."""
        super().__init__(*args, **kwargs)
        self.fields["department"].label_from_instance = lambda department: department.option_name
        if bureau is not None:
            field = self.fields["department"]
            field.queryset = field.queryset.filter(finance_bureau=bureau)
