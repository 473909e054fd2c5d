"""One view for every data-entry page of an evaluation: show it (GET), save it (POST) and preview the scores and
findings of what is typed (POST to the preview URL, for htmx). The registry in `pages.py` says which pages exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View

from jixiao.core import docpath
from jixiao.core.errors import InputError
from jixiao.core.locations import describe
from jixiao.core.money import fmt_score, fmt_total
from jixiao.core.unchecked import unchecked
from jixiao.web import params, save_messages
from jixiao.web.accounts import permissions
from jixiao.web.addresses import by_pk_and_key

from . import entry, pages, services
from .documents import normalised
from .models import Evaluation

FROZEN = "当前为只读：已提交的评价不能修改，退回后才能修改。"
NOT_YOURS = "当前为只读：只有本部门填报人可以修改。"


def _brought_about(before: Evaluation, after: Evaluation) -> tuple[str, bool]:
    """What a save changed that the user looks for after saving, said in the message (a warning listed last of
    twelve in the side panel went unseen): the total when it moved, the findings it brought (how many, the first in
    words, errors first) and those it cleared. Both analyses are kept by revision: the one before is the page's own,
    the one after the next page's. Returns the text and whether anything new was found."""
    try:
        b, a = services.analysis_of(before), services.analysis_of(after)
    except InputError:  # a document the core cannot read yet says so on the page itself
        return "", False
    documents = (before.document, after.document)
    found, cleared = services.new_findings(b, a, documents), services.new_findings(a, b, documents[::-1])
    parts = []
    if before.score is not None and after.score is not None and before.score != after.score:
        parts.append(f"总分由 {fmt_total(before.score)} 分变为 {fmt_total(after.score)} 分")
    if found:
        parts.append(save_messages.new_findings(found))
    if cleared:
        parts.append(f"消除了 {len(cleared)} 个问题")
    newly = _newly_unchecked(b, a)
    if newly:
        # a figure cleared takes its findings with it: said, so that a vanished error is not read as corrected
        parts.append(f"另有 {len(newly)} 项因数据未填写尚未审核（{newly[0]}）")
    return save_messages.brought_about(parts, "。见页面右侧的检查结果。" if found or cleared else "。"), bool(found)


def _newly_unchecked(before, after) -> list[str]:
    """What the checks had nothing to read in after the save and had before it (core.unchecked), in its words."""
    was = {why for _, why in unchecked(before.document, before.result).parts}
    return [why for _, why in unchecked(after.document, after.result).parts if why not in was]


class EntryView(LoginRequiredMixin, View):
    """GET shows the page; POST saves it; with preview=True a POST returns the live panel without saving."""

    preview = False

    def dispatch(self, request, pk: int, key: str = "framework"):
        from .views import visible

        self.evaluation = visible(request, pk)
        try:
            self.page, self.section = pages.page(self.evaluation.document, key)
        except pages.NoSuchPage:
            raise Http404("没有这个页面。") from None
        self.stored = self.page_document(self.evaluation.document)
        self.editable = permissions.can_edit(request.user, self.evaluation)
        return super().dispatch(request, pk, key)

    def page_document(self, document: dict) -> dict:
        """The stored document as this page edits it (a framework's answers aligned to its scheme)."""
        if self.page.key == "framework":
            from .framework import align_framework

            return align_framework(document, services.library().scheme(document["scheme"]))
        return document

    def as_opened(self, revision: int | None) -> None:
        """A page opened before another save is read against the document it showed (the revision it posts), not the
        one stored now: its fields and table rows are places in that document (project-1 may be another project
        now, its table other rows), and save_document follows each edit from there to where its row is now."""
        if revision is None or revision == self.evaluation.revision:
            return
        document = services.revision_document(self.evaluation, revision)
        if document is None:  # an unknown revision: the save says so
            return
        try:
            self.page, self.section = pages.page(document, self.page.key)
        except pages.NoSuchPage:  # the page did not exist then: read as it is now (the save merges or refuses)
            return
        self.stored = self.page_document(document)

    def get(self, request, pk: int, key: str = "framework"):
        if self.preview:
            return HttpResponseNotAllowed(["POST"])
        # the scheme files too: the fields show the schemes' descriptions and the findings of the analysis under them
        stored = (self.evaluation.pk, self.evaluation.revision, self.evaluation.updated, self.page.key, self.editable,
                  services.library_signature())
        # fields drawn already for this revision (entry_fields): only the document and its refusals are read
        drawn = _FIELDS.get(stored) if self.page.key != "framework" else None
        page = (entry.read if drawn is None else entry.as_stored)(self.section, self.stored)
        return self.render_page(page, services.analysis_of(self.evaluation), revision=self.evaluation.revision,
                                stored=stored, drawn=drawn)

    def post(self, request, pk: int, key: str = "framework"):
        self.as_opened(params.integer(request.POST.get("revision"), None))
        page = entry.read(self.section, self.stored, request.POST)
        if self.preview:
            return render(request, "evaluations/_preview.html", self.context(page, self.analysed(page)))
        if not self.editable:
            if self.evaluation.editable or not permissions.edits_when_open(request.user, self.evaluation):
                from .views import refuse

                refuse(request, "该评价当前不能修改（只有本部门填报人可在草稿或退回状态下修改）。")
            return self.frozen(request, page)  # a page opened before the submission: what was typed stays
        revision = params.integer(request.POST.get("revision"), None)
        if revision is None:
            messages.error(request, "页面缺少版本号，未保存。请刷新页面后重新填写。")
            return self.render_page(page, self.analysed(page), status=400, revision=self.evaluation.revision)
        if page.errors:
            messages.error(request, refused_message(page))
            return self.render_page(page, self.analysed(page), status=400, revision=revision)
        return self.save(request, page, revision, params.integer(request.POST.get("seen"), None))

    def save(self, request, page: entry.Entry, revision: int, seen: int | None = None):
        try:
            saved = services.save_document(self.evaluation.pk, page.edits, services.Actor.of(request), revision, seen)
        except services.Frozen:  # submitted between this page's reading and its save
            self.evaluation.refresh_from_db(fields=["status"])
            return self.frozen(request, page)
        except services.SaveRefused as refused:
            messages.error(request, str(refused))
            return self.render_page(page, self.analysed(page), status=refused.status, revision=revision)
        except InputError as error:
            said = "；".join(f"{describe(p.path, page.document)}：{p.message}" for p in error.problems)
            messages.error(request, f"数据有误，未保存：{said}")
            return self.render_page(page, self.analysed(page), status=400, revision=revision)
        if isinstance(saved, services.Conflict):
            # the page keeps the revision it was opened at (its rows are that revision's rows: read against the
            # current one, a row removed meanwhile shifted every value below it) and says which conflict was seen:
            # saving it again while that is still the current revision is deliberate
            return self.render_page(page, self.analysed(page), status=409, conflict=saved, revision=revision)
        if not saved.changes:
            messages.success(request, "没有修改，无需保存。")
        else:
            said, found = _brought_about(self.evaluation, saved.evaluation)  # saved; new findings make it a warning
            messages.add_message(request, messages.WARNING if found else messages.SUCCESS, "已保存。" + said)
        return redirect(request.path)

    def frozen(self, request, page: entry.Entry):
        """The page again, read-only, with what was typed on it and why it was not saved (the evaluation was
        submitted after the page was opened): the refusal is the status's, not the user's."""
        self.editable = False
        messages.error(request, services.frozen_message(self.evaluation))
        return self.render_page(page, self.analysed(page), status=409, revision=self.evaluation.revision,
                                readonly_reason="")  # the message says it

    def render_page(self, page: entry.Entry, analysis, *, status: int = 200, conflict=None, revision: int,
                    stored: tuple | None = None, readonly_reason: str | None = None, drawn: str | None = None):
        """`stored`: the key of a stored revision shown as saved (a GET), whose fields are drawn once (entry_fields).
        `readonly_reason`: what the page says it is read-only for, when not the usual. `drawn`: the fields as kept
        for `stored`, found already (`page` then has no cells: entry.as_stored)."""
        if drawn is None:
            drawn = _FIELDS.get(stored) if stored is not None and self.page.key != "framework" else None
        context = self.context(page, analysis, draw=drawn is None, keep=stored is not None)
        if readonly_reason is None:
            readonly_reason = "" if self.editable else (NOT_YOURS if self.evaluation.editable else FROZEN)
        context.update({
            "editable": self.editable, "conflict": conflict, "revision": revision, "section_key": self.page.key,
            "sections": pages.tabs(self.evaluation.document), "page_help": self.section.help,
            "readonly_reason": readonly_reason,
        })
        context["return_note"] = return_note(self.evaluation)
        if self.page.key.startswith("project-"):
            context["project_nav"] = project_nav(self.evaluation, int(self.page.key.removeprefix("project-")))
        if conflict is not None:
            # the paths are the opened revision's (self.stored): this page's own removals renumber page.document
            context["conflict_rows"] = [(describe(path, self.stored), old, new, path in conflict.removed)
                                        for path, old, new in conflict.their_changes]
            context["conflict_gone"] = [describe(path, self.stored) for path in conflict.gone]
        if self.page.key == "framework":  # its own template, drawn by scheme
            context.update(framework_context(self.evaluation, page, analysis))
        else:
            context["entry_fields"] = drawn or entry_fields(context, stored)
        return render(self.request, self.page.template, context, status=status)

    def analysed(self, page: entry.Entry):
        """The core's verdict on what the page holds now (None while the core cannot read it yet)."""
        return _analyse(page.document, self.evaluation.copied_from_year)

    def context(self, page: entry.Entry, analysis, draw: bool = True, keep: bool = False) -> dict:
        return page_context(self.evaluation, page, analysis, self.section.paths, draw, keep)


_FIELDS: dict[tuple, str] = {}
_FIELDS_KEPT = 64


def entry_fields(context: dict, stored: tuple | None) -> str:
    """The entry form's fields and tables as HTML. A stored revision's are drawn once per process and kept by its
    key, as its analysis is (services.analysis_of): a revision never changes, and a goals page has hundreds of rows
    (issue 11). What was posted (an error shown back, a preview) is drawn each time."""
    found = _FIELDS.get(stored) if stored is not None else None
    if found is None:
        found = render_to_string("evaluations/_entry_fields.html", context)
        if stored is not None:
            if len(_FIELDS) >= _FIELDS_KEPT:
                _FIELDS.pop(next(iter(_FIELDS)))
            _FIELDS[stored] = found
    return found


def _analyse(document: dict, copied_from: int | None = None):
    try:
        return services.analyse(normalised(document), copied_from)
    except InputError:
        return None


@dataclass
class ShownFinding:
    """A finding as a page shows it: where in words, what, and a link to where it is put right."""

    severity: str
    code: str
    where: str
    message: str
    href: str = ""


def shown_findings(evaluation: Evaluation, findings, document: dict, here: str = "") -> list[ShownFinding]:
    """Findings with their place in words and a link to the field (on this page `here`, or on the page that has it)."""
    found, section = [], by_pk_and_key("evaluations:section")
    for f in findings:
        key = pages.page_for(f.location, document)
        anchor = f"#find:{f.location}"
        href = anchor if key and key == here else (section(evaluation.pk, key) + anchor if key else "")
        found.append(ShownFinding(f.severity, f.code, describe(f.location, document), f.message, href))
    return found


def page_context(evaluation: Evaluation, page: entry.Entry, analysis, paths: list[str], draw: bool = True,
                 keep: bool = False) -> dict:
    """What the entry page and its preview show. `draw`: whether the fields and tables are to be drawn (not when
    drawn already for this revision: only the panel's findings are needed then). `keep`: the page shows a stored
    revision (its document, `analysis` the revision's as services.analysis_of keeps it): the panel's findings are
    kept with the analysis, by page, and shown from there when the page is drawn again."""
    index = services.finding_index(analysis) if analysis is not None else None
    document = page.document

    def shown(findings) -> list[ShownFinding]:
        return shown_findings(evaluation, findings, document, page.section.key)

    grids = []
    for rows in page.grids if draw else ():
        annotated = []
        for i, cells in enumerate(rows.rows):
            path = rows.paths[i]
            leaf = index.leaves.get(path) if index and path else None
            origin = rows.origins[i]
            link = reverse("evaluations:section", args=[evaluation.pk, rows.grid.row_page.format(index=origin)]) \
                if rows.grid.row_page and origin.isdigit() else ""
            annotated.append({
                "cells": cells, "origin": origin, "path": path, "leaf": leaf, "position": i, "link": link,
                "index": rows.client_indices[i] if i < len(rows.client_indices) else i,
                "score": fmt_score(leaf.score) if leaf and leaf.score is not None else "",
                "missing": leaf.missing if leaf else "",
                "findings": shown(index.under(path)) if index and path else []})
        removed = [(len(annotated) + k, origin) for k, origin in enumerate(rows.deleted)]
        grids.append({"grid": rows.grid, "rows": annotated, "count": len(annotated) + len(removed), "removed": removed})
    by_field = {p: shown(index.at(p)) if index else [] for p in page.cells} if draw else {}
    section = page.section
    groups = [(title, [(page.cells[f.path], by_field[f.path]) for f in fs]) for title, fs in section.groups] \
        if draw else []
    # a goal (or survey) and its table as one block; otherwise the fields, then the tables
    blocks = [(title, cells, grid) for (title, cells), grid in zip(groups, grids)] if section.paired else []
    if not keep or analysis is None:
        relevant = shown(_concerning(analysis.findings, paths) if analysis else [])
    else:
        if analysis.shown is None:
            analysis.shown = {}
        relevant = analysis.shown.get(page.section.key)
        if relevant is None:
            relevant = analysis.shown[page.section.key] = shown(_concerning(analysis.findings, paths))
    return {
        "evaluation": evaluation, "page": page, "analysis": analysis, "all_grids": grids,
        "cells": [(c, by_field[path]) for path, c in page.cells.items()] if draw else [],
        "groups": [] if section.paired else groups, "blocks": blocks, "input_errors": page.errors,
        "plain_fields": [(page.cells[f.path], by_field[f.path]) for f in section.fields] if draw else [],
        "grids": [] if section.paired else grids,
        "relevant_findings": relevant, "card": analysis.result.department if analysis else None,
        "import_sources": evaluation.import_sources,
        "project_result": _project_result(page.section.key, analysis),
    }


def _concerning(findings, paths: list[str]) -> list:
    """The findings whose location overlaps one of the page's paths (docpath.overlaps, in order), the paths'
    prefixes built once (issue 11: the filter was a quarter of the goals page's time)."""
    overlapping = docpath.overlapping_any(paths)
    return [f for f in findings if overlapping(f.location)]


def _project_result(key: str, analysis):
    if analysis is None or not key.startswith("project-"):
        return None
    number = int(key.removeprefix("project-"))
    return next((p for p in analysis.result.projects if p.index == number), None)


def framework_context(evaluation: Evaluation, page: entry.Entry, analysis) -> dict:
    from .framework import framework_groups

    scheme = services.library().scheme(evaluation.document["scheme"])
    card = analysis.result.department if analysis else None
    leaves = {leaf.indicator.code: leaf for leaf in card.leaves()} if card else {}
    return {"scheme": scheme, "framework_groups": [
        (title, [(leaf, [page.cells[f.path] for f in leaf.fields], leaves.get(leaf.spec.code)) for leaf in group])
        for title, group in framework_groups(scheme)]}


def return_note(evaluation: Evaluation):
    """The comment of the return that put the evaluation back to its preparers, while it is back with them: it
    belongs at the top of every page they work on, not below the charts."""
    if evaluation.status != "returned":
        return None
    return evaluation.events.filter(action__startswith="return").select_related("user").first()


def project_nav(evaluation: Evaluation, index: int) -> dict:
    projects = evaluation.document.get("projects") or []
    section = by_pk_and_key("evaluations:section")  # reverse()'s address, without reversing each project's

    def url(i: int) -> str:
        return section(evaluation.pk, f"project-{i}")

    return {"number": index + 1, "count": len(projects),
            "previous": url(index - 1) if index > 0 else "", "next": url(index + 1) if index + 1 < len(projects) else "",
            "choices": [(url(i), f"{i + 1}. {(p or {}).get('name', '')}"[:60], i == index) for i, p in enumerate(projects)]}


def refused_message(page: entry.Entry, shown: int = 3) -> str:
    """Why nothing was saved, naming the first few fields (a long page's marked field may be far below)."""
    named = page.problems()
    listed = save_messages.first_named(named, shown)
    return (f"有 {page.errors} 处填写有误，本次未保存{'：' + listed if named else ''}。"
            "已在该处标出；您填写的内容都还在页面上，改正后再保存。")
