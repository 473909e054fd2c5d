"""Demo goal sets for the year after each demo department's evaluation, drawn from the library and the department's
own indicators, one in each state the review reaches: 靖州 approved (its skeleton evaluation created), 通城 submitted
and awaiting review, 昌黎 returned with a comment. Small on purpose: every web test loads it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Actor
from jixiao.web.organisations.models import Department

from . import services


def _from_library(name: str, target: str, weight: str) -> dict:
    entry = next(e for e in services.library().indicators if e.name == name)
    indicator = {"name": entry.name, "level1": entry.level1, "level2": entry.level2,
                 "unit_of_measure": entry.unit_of_measure, "direction": entry.direction, "target": target,
                 "weight": weight}
    return {key: value for key, value in indicator.items() if value}


def _own(document: dict, project: int, row: int, target: str, weight: str) -> dict:
    """An indicator the department used last year, with this year's target."""
    found = document["projects"][project]["indicators"][row]
    return services.copied_indicator({**found, "target": target, "weight": weight})


def _own_goal_indicator(document: dict, name: str, **fields: str) -> dict:
    """An indicator of the department's own goals last year (its report gave no target: this year's is set)."""
    found = next(i for g in document["goals"] for i in g.get("indicators", []) if i["name"] == name)
    return {"name": found["name"], "level1": found["level1"], "level2": found["level2"], **fields}


def _jingzhou(document: dict) -> dict:
    goals = _department_goal("稳定和扩大就业，推进社会保险全覆盖，资金按时足额支付到人。")
    goals["goals"][0]["indicators"][1] = _own_goal_indicator(document, "资金按时支付率", unit_of_measure="%",
                                                              direction="exact", target="=100%", weight="25")
    return {**goals, "projects": [_training_project()]}


def _department_goal(goal: str, weights: tuple[str, ...] = ("30", "25", "25", "10", "10")) -> dict:
    """One annual goal; weights total 100 (a department without a scheme: the library's total) unless given
    otherwise."""
    return {"goals": [{"goal": goal, "indicators": [
        _from_library("城镇新增就业人数", "≥1500 人", weights[0]),
        _from_library("养老金按时足额发放率", "=100%", weights[1]),
        _from_library("城镇登记失业率", "≤4.5%", weights[2]),
        _from_library("群众合法权益保障", "有效保障", weights[3]),
        _from_library("参保群众满意度", "≥90%", weights[4]),
    ]}]}


def _project(name: str, goal: str, budget: str, indicators: list[dict]) -> dict:
    return {"name": name, "goal": goal, "budget": budget, "indicators": indicators}


def _training_project(weights: tuple[str, ...] = ("30", "20", "10", "20", "10")) -> dict:
    """Weights total 90 (projects scored by the MOF 2020 scheme or none) unless given otherwise."""
    return _project("职业技能提升培训", "开展职业技能培训，提高劳动者就业能力。", "80", [
        _from_library("职业技能培训人次", "≥800 人次", weights[0]),
        _from_library("任务按期完成率", "≥95%", weights[1]),
        _from_library("项目成本控制数", "≤80 万元", weights[2]),
        _from_library("公共服务水平", "明显提高", weights[3]),
        _from_library("服务对象满意度", "≥90%", weights[4]),
    ])


def _tongcheng(document: dict) -> dict:
    """Its two first projects as it ran them in 2023, one target kept at last year's level (the check warns).
    Hubei's schemes keep 20 points for budget execution: every goal's indicators total 80."""
    first = _project(document["projects"][0]["name"], "及时受理并办结工伤病残等级鉴定。", "5", [
        _own(document, 0, 0, "100 例", "30"),
        _own(document, 0, 2, "≤60 日", "20"),
        _from_library("群众合法权益保障", "有效保障", "20"),
        _from_library("服务对象满意度", "≥90%", "10"),
    ])
    department = _department_goal("落实就业优先政策，保障社会保险待遇按时足额发放，维护劳动者合法权益。",
                                  ("25", "20", "20", "5", "10"))
    return {**department, "projects": [first, _training_project(("30", "20", "10", "10", "10"))]}


def _changli(_: dict) -> dict:
    """Its 2023 evaluation lists projects without indicators: its goals come from the library."""
    return {**_department_goal("稳定和扩大就业，推进社会保险全覆盖，提升人力资源和社会保障公共服务水平。"),
            "projects": [_training_project()]}


def load() -> None:
    users = get_user_model().objects
    plans = (("jingzhou", "approve"), ("tongcheng", "submit"), ("changli", "return"))
    for key, last_step in plans:
        preparer = users.get(username=f"{key}_preparer")
        finance = Actor(users.get(username=f"{key}_finance"))
        department = preparer.memberships.get().department
        evaluation = Evaluation.objects.filter(department=department).order_by("-year").first()
        document = {"tongcheng": _tongcheng, "jingzhou": _jingzhou}.get(key, _changli)(evaluation.document)
        goal_set = services.create_goal_set(department, evaluation.year + 1, Actor(preparer), document)
        services.transition(goal_set, "submit", Actor(preparer))
        if last_step == "approve":
            services.transition(goal_set, "approve", finance, "目标明确，指标可衡量，同意。")
        elif last_step == "return":
            services.transition(goal_set, "return", finance,
                                "项目成本控制数应与申请预算一致；请补充可量化的效益指标。")
    _approved_in_showcase(users)


def _approved_in_showcase(users) -> None:
    """The full demo's showcase bureau also gets approved goals (its seed department's wait for review): those of its
    first generated department, drawn from the library, weights as Hubei's schemes want them (80 each)."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.demo import SHOWCASE_BUREAU

    department = Department.objects.filter(finance_bureau__name=SHOWCASE_BUREAU, generated=True).order_by("pk").first()
    preparer = Membership.objects.filter(role=Role.PREPARER, department=department).first()
    if department is None or preparer is None:
        return  # the small demo (tests) has no generated departments
    evaluation = Evaluation.objects.filter(department=department).order_by("-year").first()
    department_goal = _department_goal("提升公共服务水平，保障资金按时足额发放。", ("25", "20", "20", "5", "10"))
    document = {**department_goal, "projects": [_training_project(("30", "20", "10", "10", "10"))]}
    goal_set = services.create_goal_set(department, evaluation.year + 1, Actor(preparer.user), document)
    services.transition(goal_set, "submit", Actor(preparer.user))
    services.transition(goal_set, "approve", Actor(users.get(username="tongcheng_finance")), "目标明确，指标可衡量，同意。")
