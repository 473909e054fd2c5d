"""绩效目标 pages: the list (a department's goal sets, or a bureau's departments' with their status), a goal set
with its checks and review, the editing page with autocomplete from the library and live checks, the library."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jixiao.core.cycle import goals as core
from jixiao.core.errors import InputError
from jixiao.web import lookups, params, save_messages
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import allowed_or_404, denied
from jixiao.web.evaluations.services import Actor
from jixiao.web.listfilters import by_year_and_name
from jixiao.web.organisations.models import Department
from jixiao.web.paging import paged

from . import forms, presenting, services
from .models import GoalSet, GoalStatus

BUSINESS = (Role.PREPARER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER)


def _goal_set(request, goal_set_id: int) -> GoalSet:
    """The goal set if the user may see it, else 404 (the attempt logged), as `visible_or_404` with
    `visible_goal_sets`: read with its department and bureau by a statement written once per process (web.lookups),
    the scope asked in Python of the row."""
    found = lookups.one_related(GoalSet, ("department", "department__finance_bureau"), ("id",), [goal_set_id])
    return allowed_or_404(request, found, found is not None and services.sees_goal_set(request.user, found),
                          "查看其他部门的绩效目标", "没有找到这份绩效目标")


@role_required(*BUSINESS)
@require_http_methods(["GET", "POST"])
def index(request):
    try:  # a changed library is noticed here too: the listed counts follow its totals (following.library_read)
        services.library()
    except InputError:  # a broken file: the pages that read the library say so; the list does not need it
        pass
    visible = services.visible_goal_sets(request.user)
    goal_sets, chosen = _filtered(visible, request.GET)
    departments = Department.objects.filter(pk__in=permissions.department_ids(request.user, Role.PREPARER))
    form = {"department": "", "year": str(timezone.localdate().year + 1)}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not departments:
            denied(request, "新建绩效目标")
            raise PermissionDenied("只有部门填报人可以新建绩效目标。")
        form = {"department": request.POST.get("department", ""), "year": request.POST.get("year", "")}
        created = _create(request, departments, form, errors)
        if created is not None:
            messages.success(request, services.created_message(created))
            return redirect("goals:edit", goal_set_id=created.pk)
    # a page at a time, without the documents (a province's bureau has thousands of goal sets)
    page, page_query = paged(request, goal_sets.defer("document").order_by("-year", "department__name", "pk"))
    years = sorted(set(visible.order_by().values_list("year", flat=True).distinct()), reverse=True)
    context = {"page": page, "page_query": page_query, "statuses": GoalStatus.choices, "chosen": chosen,
               "years": years, "departments": departments,
               "form": form, "errors": errors, "is_bureau": Role.FINANCE_REVIEWER in permissions.roles(request.user)}
    return render(request, "goals/index.html", context, status=400 if errors else 200)


def _filtered(goal_sets, query) -> tuple:
    """The list's filters, as the bureau's list of evaluations has them: year, status and a part of the
    department's name (a province's bureau looks one department up among thousands)."""
    goal_sets, chosen = by_year_and_name(goal_sets, query)
    chosen["status"] = query.get("status", "")
    if chosen["status"] in GoalStatus.values:
        goal_sets = goal_sets.filter(status=chosen["status"])
    return goal_sets, chosen


def _create(request, departments, form: dict, errors: dict) -> GoalSet | None:
    department = departments.filter(pk=params.integer(form["department"])).first()
    if department is None and len(departments) == 1 and not form["department"]:
        department = departments[0]
    if department is None:
        errors["department"] = "请选择部门"
    year = params.year(form["year"])
    if year is None:
        errors["year"] = params.year_problem(form["year"], 2027)
    if errors:
        return None
    try:
        return services.create_goal_set(department, year, Actor.of(request))
    except services.GoalError as error:
        errors["year"] = str(error)
        # the one that exists, to open (a trial was told it existed and had to look for it)
        found = GoalSet.objects.filter(department=department, year=year).values_list("pk", flat=True).first()
        errors["existing"] = str(found or "")
        return None


@role_required(*BUSINESS)
@require_http_methods(["GET", "POST"])
def detail(request, goal_set_id: int):
    goal_set = _goal_set(request, goal_set_id)
    if request.method == "POST":
        return _workflow(request, goal_set)
    return render(request, "goals/detail.html", presenting.detail_context(request.user, goal_set))


def _refused(request, goal_set: GoalSet, action: str, comment: str, error: str):
    """The goal set's page again with the comment typed kept in its box and why the step was refused beside it (as
    an evaluation's return is refused): a redirect would lose what the reviewer wrote."""
    goal_set.refresh_from_db()
    context = {**presenting.detail_context(request.user, goal_set), "returning": (action, comment, error)}
    return render(request, "goals/detail.html", context, status=400)


def _workflow(request, goal_set: GoalSet):
    action = request.POST.get("action", "")
    if not services.may_act(request.user, goal_set, action):  # the status is the transition's to check
        denied(request, f"绩效目标操作“{action[:20]}”")
        raise PermissionDenied("您不能对这份绩效目标执行此操作。")
    comment = request.POST.get("comment", "")
    try:
        outcome = services.transition(goal_set, action, Actor.of(request), comment)
    except services.GoalError as error:
        if comment.strip():  # what was typed is kept, not lost to a redirect
            return _refused(request, goal_set, action, comment, str(error))
        messages.error(request, str(error))
        return redirect("goals:detail", goal_set_id=goal_set.pk)
    messages.success(request, f"{services.done(action)}{outcome.note}")
    return redirect("goals:detail", goal_set_id=goal_set.pk)


@role_required(*BUSINESS)
@require_http_methods(["GET", "POST"])
def edit(request, goal_set_id: int):
    goal_set = _goal_set(request, goal_set_id)
    if not services.can_edit(request.user, goal_set):
        if goal_set.editable or not services.prepares(request.user, goal_set):
            denied(request, "修改绩效目标")
            raise PermissionDenied("只有本部门填报人可以修改绩效目标。")
        if request.method == "POST":  # a page opened before the goals were submitted: what was typed stays
            drawn = services.drawn_project_names(goal_set, _number(request.POST.get("revision", "")))
            return _frozen(request, goal_set, forms.read_post(request.POST, drawn))
        messages.info(request, f"这份绩效目标“{goal_set.get_status_display()}”，不能修改。")
        return redirect("goals:detail", goal_set_id=goal_set.pk)
    if request.method == "GET":
        stored = forms.Posted(goal_set.document, {}, forms.blocks_of(goal_set.document))
        return _edit_page(request, goal_set, stored, goal_set.revision)
    revision = request.POST.get("revision", "")
    posted = forms.read_post(request.POST, services.drawn_project_names(goal_set, _number(revision)))
    if posted.errors:
        return _edit_page(request, goal_set, posted, revision, status=400, message=posted.summary())
    before = goal_set.document
    try:
        changes = services.save_goal_set(goal_set.pk, posted.document, Actor.of(request), _number(revision))
    except services.Frozen:  # submitted between this page's reading and its save
        goal_set.refresh_from_db(fields=["status"])
        return _frozen(request, goal_set, posted)
    except services.Conflict as conflict:  # the page now carries the current revision: saving again is deliberate
        shown = forms.Posted(conflict.shown, {}, forms.blocks_of(conflict.shown)) if conflict.clashes else posted
        shown.errors = {}
        return _edit_page(request, goal_set, shown, conflict.revision, status=409, conflict=conflict)
    except services.GoalError as error:
        posted.errors = {}
        return _edit_page(request, goal_set, posted, revision, status=409, message=str(error))
    if not changes:
        messages.success(request, "没有修改。")
    else:
        saved = GoalSet.objects.get(pk=goal_set.pk)
        found = services.new_findings(before, saved.document, saved.department, saved.year)
        together = "，并保留了他人在您打开此页后保存的修改" if saved.revision - 1 != _number(revision) else ""
        removed = services.removed_whole(changes)
        removed = f"删除了{'、'.join(removed)}。" if removed else ""
        messages.add_message(request, messages.WARNING if found else messages.SUCCESS,
                             f"已保存（{services.changed_cells(changes)} 处修改{together}）。{removed}"
                             f"{_brought_about(found)}")
    return redirect("goals:edit", goal_set_id=goal_set.pk)


def _number(revision: str) -> int:
    return params.integer(revision, -1)


def _brought_about(found) -> str:
    """New findings of a save, said where the user looks after saving (as the evaluation pages do)."""
    return save_messages.brought_about([save_messages.new_findings(found)] if found else [], "，见页面上标出的位置。")


def _frozen(request, goal_set, posted: forms.Posted):
    """The editing page again, read-only, with what was typed and why it was not saved (the goals were submitted
    after the page was opened): the refusal is the status's, not the user's."""
    return _edit_page(request, goal_set, posted, goal_set.revision, status=409,
                      message=services.frozen_message(goal_set), editable=False)


def _edit_page(request, goal_set, shown: forms.Posted, revision, status=200, message="", editable=True,
               conflict=None):
    """The editing page showing `shown` (what is stored, or what was posted) with its messages and checks;
    `editable` False: read-only, without saving or live checks."""
    returned = goal_set.events.filter(action="return").first() if goal_set.status == GoalStatus.RETURNED else None
    typed, withheld = shown.for_checks(goal_set.document)
    document = services.with_schemes(typed, goal_set.document)
    found = services.findings(document, goal_set.department, goal_set.year)
    context = {"goal_set": goal_set, "blocks": presenting.with_widgets(shown.blocks, shown.errors, editable),
               "goal_blocks": forms.block_count(shown.blocks, False),
               "project_blocks": forms.block_count(shown.blocks, True),
               "revision": revision, "returned": returned, "can_link": True, "link_base": "", "message": message,
               "findings": presenting.shown(found, typed, withheld=withheld), "editable": editable,
               "conflict": conflict}
    return render(request, "goals/edit.html", context, status=status)


@role_required(*BUSINESS)
@require_http_methods(["GET", "POST"])
def checks(request, goal_set_id: int):
    """The checks of the stored goals (a page), or of what is typed on the editing page (htmx: a fragment)."""
    goal_set = _goal_set(request, goal_set_id)
    document, layout, withheld = goal_set.document, None, []
    if request.method == "POST":
        if not services.can_edit(request.user, goal_set):
            denied(request, "检查绩效目标")
            raise PermissionDenied("只有本部门填报人可以修改绩效目标。")
        posted = forms.read_post(request.POST)
        typed, withheld = posted.for_checks(goal_set.document)
        document, layout = services.with_schemes(typed, goal_set.document), posted.layout
    found = presenting.shown(services.findings(document, goal_set.department, goal_set.year), document, layout,
                             withheld)
    template = "goals/_checks.html" if request.headers.get("HX-Request") else "goals/checks.html"
    context = {"goal_set": goal_set, "findings": found, **presenting.links(request.user, goal_set)}
    return render(request, template, context)


@role_required(*BUSINESS)
@require_http_methods(["GET"])
def library(request):
    """The library, searched: a page, the suggestions of an indicator field (fragment=1), or JSON (format=json);
    `taken`: names the table already has, left out."""
    department, goal_set = presenting.library_scope(request)
    query = request.GET.get("q", "")[:50]
    category = request.GET.get("category", "")
    level1, _, level2 = category.partition("/") if category in dict(forms.CATEGORIES) else ("", "", "")
    pool = services.candidates(department) if department is not None else list(services.library().indicators)
    # the other rows of the table being typed in (the page sends them, saved or not): not offered again
    taken = [name[:100] for name in request.GET.getlist("taken")[:forms.MAX_ROWS]]
    results = core.search(pool, query, level1=level1, level2=level2, limit=12 if request.GET.get("fragment") else 60,
                          order=services.suggestion_order(department), taken=taken)
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [presenting.as_json(entry) for entry in results]},
                            json_dumps_params={"ensure_ascii": False})
    context = {"results": [presenting.library_row(entry) for entry in results], "query": query,
               "category": category, "categories": forms.CATEGORIES,
               "goal_set": goal_set}
    template = "goals/_suggestions.html" if request.GET.get("fragment") else "goals/library.html"
    return render(request, template, context)
