"""Finance bureau → departments → units (GLOSSARY.md: finance_bureau, department, unit)."""

from django.db import models

from jixiao.core.labels import GENERATED  # one word for the web and the documents (io.documents)

# How every place names a department the demo generated (Department.generated): the lists' badge, the analytics
# filter's options, the public PDF's heading and the open data's `generated` field say these same words
GENERATED_NOTE = "演示用的部门，由示例数据按种子文件的结构生成，并非真实部门"
GENERATED_OPTION = f"（{GENERATED}）"  # after the name where only text can stand (a select's option)
# … and a year the demo generated for a real (seed) department (Evaluation.generated): the department is real, the
# evaluation's figures are not (short enough for one line under the public PDF's heading)
GENERATED_EVALUATION_NOTE = "演示用的年度自评，由该部门的种子文件生成，并非真实填报"


class FinanceBureau(models.Model):
    name = models.CharField("财政局", max_length=100, unique=True,
                            error_messages={"unique": "已有同名的财政局，未重复新建。"})

    class Meta:
        verbose_name = "财政局"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    finance_bureau = models.ForeignKey(FinanceBureau, models.PROTECT, related_name="departments", verbose_name="财政局")
    name = models.CharField("部门", max_length=100)
    code = models.CharField("预算编码", max_length=30, blank=True)
    reviewing_section = models.CharField("归口业务科室", max_length=100, blank=True)
    # made by the demo from the seeds' shapes (jixiao/web/demo_generated), not entered by anyone: lists say so
    generated = models.BooleanField(GENERATED, default=False)

    class Meta:
        verbose_name = "部门"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["finance_bureau", "name"], name="unique_department_name",
                                               violation_error_message="该财政局下已有同名部门，未重复新建。")]

    def __str__(self) -> str:
        return self.name

    @property
    def option_name(self) -> str:
        """The name where only text can stand (a select's option): one the demo generated marked （演示生成）."""
        return f"{self.name}{GENERATED_OPTION}" if self.generated else self.name


class Unit(models.Model):
    department = models.ForeignKey(Department, models.CASCADE, related_name="units", verbose_name="部门")
    name = models.CharField("预算单位", max_length=100)
    is_main = models.BooleanField("本级", default=False)

    class Meta:
        verbose_name = "预算单位"
        ordering = ["-is_main", "name"]

    def __str__(self) -> str:
        return self.name
