from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

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

    def clean(self):
        """The bureau's departments have distinct names: said in words, not as the database constraint's name."""
        data = super().clean()
        bureau, name = data.get("finance_bureau"), data.get("name")
        if bureau is not None and name and Department.objects.filter(finance_bureau=bureau, name=name).exists():
            raise forms.ValidationError(f"{bureau}已有名为“{name}”的部门，未重复新建。", code="duplicate")
        return data

    def validate_unique(self):
        """The name's uniqueness is said once, by clean(); other constraints as Django checks them."""
        if not self.has_error(NON_FIELD_ERRORS, "duplicate"):
            super().validate_unique()


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["department", "name", "is_main"]
        widgets = {"department": QuickSelect}  # a province's thousands of departments

    def __init__(self, *args, bureau: FinanceBureau | None = None, **kwargs):
        """With a bureau chosen on the page, only its departments are offered (and accepted)."""
        super().__init__(*args, **kwargs)
        if bureau is not None:
            field = self.fields["department"]
            field.queryset = field.queryset.filter(finance_bureau=bureau)
