"""Goal setting in Debian's Chromium at 1366×768: a preparer types into an indicator cell, picks a suggestion of the
library with the keyboard, saves and submits; the live checks follow what is typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jixiao.web.demo import load_demo
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.goals.models import GoalSet, GoalStatus

from .test_browser import Session, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/evaluations/"))


def test_preparer_picks_from_the_library_saves_and_submits(live_server, transactional_db, browser):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    assert changli.status == GoalStatus.RETURNED
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    rows = int(page.input_value("input[name=rows]"))
    empty = rows - 2  # the first of the two empty rows of the department's table
    cell = page.locator(f"[name='i{empty}-name']")
    cell.click()
    cell.press_sequentially("知晓", delay=30)
    suggestion = page.locator("#goal-suggestions li[role=option]").first
    expect(suggestion).to_contain_text("政策知晓率")
    expect(page.locator("[data-testid=return-comment]")).to_contain_text("项目成本控制数应与申请预算一致")
    page.screenshot(path="/tmp/goals-autocomplete.png")
    cell.press("ArrowDown")
    expect(cell).to_have_attribute("aria-activedescendant", "suggestion-0")
    cell.press("Enter")
    expect(cell).to_have_value("政策知晓率")
    assert script_errors == []  # a new user met "Cannot read properties of null" from the entry grids' Enter here
    assert page.input_value(f"select[name='i{empty}-category']") == "output/quality"
    assert page.input_value(f"select[name='i{empty}-direction']") == "higher_better"
    assert page.input_value(f"[name='i{empty}-unit_of_measure']") == "%"
    assert page.input_value(f"[name='i{empty}-target']") == "≥90%"
    # the live checks: a sixth indicator without weight is reported before anything is saved
    expect(page.locator("#goal-checks")).to_contain_text("有指标未填写权重", timeout=10000)
    page.screenshot(path="/tmp/goals-live-check.png")
    # the department's weights must still add up to 100: give it the 10 the satisfaction row gives up
    page.fill(f"[name='i{empty}-weight']", "5")
    page.fill("input[name='i4-weight']", "5")
    page.click("#goal-form button[type=submit]")
    expect(page.locator(".message.success")).to_contain_text("已保存")
    stored = GoalSet.objects.get(pk=changli.pk).document["goals"][0]["indicators"]
    assert stored[empty] == {"name": "政策知晓率", "level1": "output", "level2": "quality",
                             "unit_of_measure": "%", "direction": "higher_better", "target": "≥90%", "weight": "5"}
    page.click("text=查看与申报")
    # 申报 asks first (a new user submitted with one click, unaware the goals then freeze): No leaves them as they were
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button[data-action=submit]")
    page.wait_for_timeout(300)
    assert asked == ["申报这份绩效目标？申报后不能再修改，财政退回后才能修改。"]
    expect(page.locator("[data-testid=goal-status]")).to_have_text("财政退回修改")
    assert GoalSet.objects.get(pk=changli.pk).status == GoalStatus.RETURNED
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("button[data-action=submit]")
    expect(page.locator("[data-testid=goal-status]")).to_have_text("已申报，待财政审核")
    page.screenshot(path="/tmp/goals-submitted.png", full_page=True)
    assert GoalSet.objects.get(pk=changli.pk).status == GoalStatus.SUBMITTED
    # the list and the library as the department sees them
    page.goto(f"{live_server.url}/goals/")
    expect(page.locator("[data-testid=goal-sets]")).to_contain_text("已申报，待财政审核")
    page.screenshot(path="/tmp/goals-list.png")
    page.goto(f"{live_server.url}/goals/library/?q=满意度&goal_set={changli.pk}")
    expect(page.locator("[data-testid=library]")).to_contain_text("行业指标·社会保障和就业")
    page.screenshot(path="/tmp/goals-library.png")
    # the bureau approves, asked first what approval does
    reviewer = Session(browser, live_server.url, logins)
    reviewer.login("changli_finance")
    reviewer.page.goto(f"{live_server.url}/goals/{changli.pk}/")
    reviewer.page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    reviewer.page.click("button[data-action=approve]")
    expect(reviewer.page.locator("[data-testid=goal-status]")).to_have_text("审核通过")
    assert asked[-1] == "审核通过这份绩效目标？审核通过后将据此建立该年度自评（已有的自评不覆盖），目标不能再修改。"
    assert GoalSet.objects.get(pk=changli.pk).status == GoalStatus.APPROVED


def test_enter_takes_the_first_suggestion_and_never_submits(live_server, transactional_db, browser):  # noqa: F811
    """A new user typed a name, saw the suggestion wanted on top and pressed Enter: nothing was taken (↓ was needed
    first). Enter takes the highlighted suggestion, else the only one with every character typed, and the form is not sent; 资金拨付及时率's target
    =100% fills the direction = 等于."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    before = changli.document
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    fill = f"{live_server.url}/goals/{changli.pk}/fill/"
    page.goto(fill)
    sent: list[str] = []  # the form's own posts (its live checks post elsewhere)
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST"
            and request.url.split("?")[0] == fill else None)
    empty = int(page.input_value("input[name=rows]")) - 2
    cell = page.locator(f"[name='i{empty}-name']")
    cell.click()
    cell.press_sequentially("资金拨付及时", delay=30)  # the name begins so: it is suggested first
    first = page.locator("#goal-suggestions li[role=option]").first
    expect(first).to_have_attribute("data-name", "资金拨付及时率")
    expect(first).to_contain_text("共性指标")
    assert cell.get_attribute("aria-activedescendant") is None  # nothing highlighted: no ↓ pressed
    cell.press("Enter")
    expect(cell).to_have_value("资金拨付及时率")
    expect(page.locator("#goal-suggestions")).to_be_hidden()
    assert page.input_value(f"select[name='i{empty}-direction']") == "exact"
    assert page.locator(f"select[name='i{empty}-direction'] option:checked").inner_text() == "= 等于"
    assert page.input_value(f"[name='i{empty}-target']") == "=100%"
    assert page.input_value(f"select[name='i{empty}-category']") == "output/timeliness"
    # Enter again, the box closed: still not sent (the goals' table never submits on Enter)
    cell.press("Enter")
    page.wait_for_timeout(1000)
    assert sent == [] and page.url == fill and page.locator(".message.success").count() == 0
    assert GoalSet.objects.get(pk=changli.pk).document == before
    page.screenshot(path="/tmp/goals-enter.png")
    # a name of one's own whose first suggestion lacks a character typed (职业技能培训人次 for 培训人数): Enter keeps
    # what was typed (a trial's new name was replaced by an unrelated first suggestion)
    other = page.locator(f"[name='i{empty + 1}-name']")
    other.click()
    other.press_sequentially("培训人数", delay=30)
    expect(page.locator("#goal-suggestions li[role=option]").first).to_have_attribute("data-name", "职业技能培训人次")
    other.press("Enter")
    expect(page.locator("#goal-suggestions")).to_be_hidden()
    expect(other).to_have_value("培训人数")
    # several suggestions have every character typed (a trial typed 满意度 and got 农民工满意度): Enter keeps it
    other.fill("")
    other.press_sequentially("满意度", delay=30)
    options = page.locator("#goal-suggestions li[role=option]")
    expect(options.first).to_be_visible()
    covering = [n for n in options.evaluate_all("all => all.map(li => li.dataset.name)") if all(c in n for c in "满意度")]
    assert len(covering) > 1 and "满意度" not in covering
    other.press("Enter")
    expect(page.locator("#goal-suggestions")).to_be_hidden()
    expect(other).to_have_value("满意度")


_UNCUT = """select => {
    const style = getComputedStyle(select), probe = document.createElement("span");
    probe.style.cssText = `position:absolute;white-space:nowrap;font:${style.font}`;
    document.body.appendChild(probe);
    const widest = Math.max(...[...select.options].map(o => { probe.textContent = o.text; return probe.offsetWidth; }));
    probe.remove();
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return room - widest;
}"""


def test_the_category_dropdown_shows_whole_labels_and_copied_rows_their_unit(
        live_server, transactional_db, browser):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    document = changli.document
    # a row copied from last year whose unit and direction were never stored: the form shows the inferred ones
    document["projects"][0]["indicators"][0] = {"name": "受理工伤病残等级鉴定例数", "level1": "output",
                                                "level2": "quantity", "target": "100 例", "weight": "30"}
    GoalSet.objects.filter(pk=changli.pk).update(document=document)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    satisfaction = page.locator("select[name='i4-category']")
    assert satisfaction.input_value() == "satisfaction/beneficiary_satisfaction"
    page.screenshot(path="/tmp/goals-fixes-top.png")
    assert satisfaction.evaluate(_UNCUT) >= 0  # the widest option fits, not “满意度指标·服务对象满意度指”
    assert page.input_value("input[name='p0-i0-unit_of_measure']") == "例"
    assert page.input_value("select[name='p0-i0-direction']") == "higher_better"
    page.fill("input[name='i1-weight']", "abc")
    page.click("#goal-form button[type=submit]")
    expect(page.locator(".message.error")).to_contain_text("有 1 处填写错误，未保存")
    expect(page.locator(".message.error")).to_contain_text("部门整体绩效目标·第 2 行·权重")
    expect(page.locator("input[name='i1-weight'] + .error")).to_contain_text("第 2 行·权重：")
    page.screenshot(path="/tmp/goals-fixes-error.png")
    page.locator("select[name='p0-i0-category']").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/goals-fixes-form.png")


def test_a_name_the_table_already_has_is_not_suggested_again(live_server, transactional_db, browser):  # noqa: F811
    """昌黎's department table has 参保群众满意度: typing 满意度 in a new row of it, that name is not offered (taken
    again it would be GOAL.REPEATED); 服务对象满意度, which only its project has, is. Picked into that row (not yet
    saved), it is not offered in the next row either."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    empty = int(page.input_value("input[name=rows]")) - 2
    options = page.locator("#goal-suggestions li[role=option]")
    cell = page.locator(f"[name='i{empty}-name']")
    cell.click()
    cell.press_sequentially("满意度", delay=30)
    expect(options.filter(has_text="服务对象满意度")).to_have_count(1)
    assert "参保群众满意度" not in options.evaluate_all("items => items.map(li => li.dataset.name)")
    options.filter(has_text="服务对象满意度").click()
    expect(cell).to_have_value("服务对象满意度")
    following = page.locator(f"[name='i{empty + 1}-name']")
    following.click()
    following.press_sequentially("满意度", delay=30)
    expect(options.first).to_be_visible()
    names = options.evaluate_all("items => items.map(li => li.dataset.name)")
    assert "服务对象满意度" not in names and "参保群众满意度" not in names and names
    page.screenshot(path="/tmp/goals-taken.png")


def test_a_row_is_added_with_its_button_and_removed_with_its_cross(live_server, transactional_db, browser):  # noqa: F811
    """A new user could not add a third indicator without saving first (each table ends with two empty rows), and
    removing one meant clearing every cell, dropdowns included. 添加一行 adds a row after the empty ones, typed into
    and saved it is stored; ✕ hides a row, whose dropdowns still hold their values, and the save removes it."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    names = [i["name"] for i in changli.document["goals"][0]["indicators"]]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    questions: list[str] = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    fill = f"{live_server.url}/goals/{changli.pk}/fill/"
    page.goto(fill)
    department = page.locator("#block-dept-")
    rows = int(page.input_value("input[name=rows]"))
    assert rows == len(names) + 2
    department.locator("button.add-goal-row").click()
    added = page.locator(f"[name='i{rows}-name']")
    expect(added).to_be_focused()  # the new row, after the two empty ones, ready to type in
    assert page.input_value("input[name=rows]") == str(rows + 1)
    added.press_sequentially("新增就业见习岗位", delay=20)
    added.press("Escape")
    page.select_option(f"select[name='i{rows}-category']", "output/quantity")
    page.fill(f"[name='i{rows}-target']", "≥50 个")
    page.fill(f"[name='i{rows}-weight']", "0")
    added.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/goals-add-row.png")
    page.click("#goal-form button[type=submit]")
    expect(page.locator(".message.success")).to_contain_text("已保存")
    page.goto(fill)  # read again: the added row is stored
    expect(page.locator(f"[name='i{len(names)}-name']")).to_have_value("新增就业见习岗位")
    assert page.input_value(f"select[name='i{len(names)}-direction']") == "higher_better"  # ≥ implies it
    stored = GoalSet.objects.get(pk=changli.pk).document["goals"][0]["indicators"]
    assert [i["name"] for i in stored] == [*names, "新增就业见习岗位"]
    # ✕ on the second row: asked (it has content), hidden, its dropdowns untouched; saved, it is gone
    second = page.locator("[name='i1-name']").locator("xpath=ancestor::tr")
    assert page.input_value("select[name='i1-category']") != ""
    second.locator("button.delete-goal-row").click()
    expect(second).to_be_hidden()
    assert questions == ["删除这一行？保存后才生效，保存前可刷新页面放弃。"]
    assert page.input_value("select[name='i1-category']") != ""
    # an empty row goes without asking; from the keyboard too (Enter on its ✕, which the tables' Enter once swallowed)
    page.locator(f"[name='i{len(names) + 1}-name']").locator("xpath=ancestor::tr").locator(
        "button.delete-goal-row").press("Enter")
    expect(page.locator(f"[name='i{len(names) + 1}-name']")).to_be_hidden()
    assert len(questions) == 1
    # the keyboard stays in the table: on the next shown row's ✕ (focus fell to the page's top: trial)
    focused = page.evaluate("[document.activeElement.className, document.activeElement.closest('tr') && "
                            "document.activeElement.closest('tr').querySelector('.ind-name').name]")
    assert focused == ["link delete-goal-row", f"i{len(names) + 2}-name"]
    page.click("#goal-form button[type=submit]")
    # a warning: the weights now add up to less than 100, which the save says is new
    expect(page.locator(".message.warning[role=status]")).to_contain_text("已保存（1 处修改）。")
    page.goto(fill)
    remaining = [names[0], *names[2:], "新增就业见习岗位"]
    assert page.locator("#block-dept- .ind-name").evaluate_all("cells => cells.map(c => c.value)") == [
        *remaining, "", ""]
    assert names[1] not in page.content()
    assert [i["name"] for i in GoalSet.objects.get(pk=changli.pk).document["goals"][0]["indicators"]] == remaining
    assert script_errors == []


def test_the_project_name_is_wide_and_a_long_legend_wraps_inside_its_box(live_server, transactional_db,
                                                                        browser):  # noqa: F811
    """The project's name is its title: a new user saw “劳动仲裁办案专项工作经…” cut in a field 170 px wide, and a
    name of 100 characters wrapped the block's legend onto two lines whose second sat on the border."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    document = changli.document
    ordinary = "劳动仲裁办案专项工作经费（含调解仲裁院运行保障）"
    longest = ("农村劳动力转移就业培训与创业担保贷款贴息补助、职业技能等级认定补贴、就业见习补贴及高校毕业生基层服务项目"
               "工作经费（含市县两级配套资金和以往年度结转资金的统筹使用安排以及省级专项转移支付资金配套部分内容）")[:100]
    assert len(longest) == 100
    document["projects"][0]["name"] = longest
    document["projects"].append({**document["projects"][0], "name": ordinary})
    GoalSet.objects.filter(pk=changli.pk).update(document=document)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    for index, name in ((0, longest), (1, ordinary)):
        field = page.locator(f"input[name='p{index}-name']")
        assert field.input_value() == name
        width = field.evaluate("input => input.getBoundingClientRect().width")
        assert width > 600, width  # as wide as the goal's text below it, not 170 px
    uncut = page.locator("input[name='p1-name']").evaluate("input => input.scrollWidth <= input.clientWidth")
    assert uncut
    block = page.locator("#block-p0-")
    block.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/goals-long-name.png")
    # the legend's lines all lie inside the box, below its top border and above its first field
    box, legend, first_field = block.evaluate("""box => [box, box.querySelector('legend'), box.querySelector('.field')]
        .map(element => { const r = element.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; })""")
    line = block.locator("legend").evaluate("legend => parseFloat(getComputedStyle(legend).lineHeight)")
    assert legend[1] - legend[0] > 1.5 * line  # wrapped (not cut): two lines at 1366
    assert box[0] < legend[0] and legend[1] <= first_field[0] and box[2] < legend[2] and legend[3] < box[3]


def test_a_save_comes_back_where_the_user_was(live_server, transactional_db, browser):  # noqa: F811
    """The form is thousands of pixels tall: after a save a new user was back at its top and lost their place. Saved
    or refused, the page comes back where it was, and what the save said is repeated beside 保存; the refused budget's
    checks judge the stored one (no 没有填写申请预算)."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    document = changli.document
    # a department with several projects, as real ones have: the page is tall enough to lose one's place in
    document["projects"] += [{**document["projects"][0], "name": f"专项工作经费 {n}"} for n in range(1, 5)]
    GoalSet.objects.filter(pk=changli.pk).update(document=document)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    assert page.evaluate("document.body.scrollHeight") > 3000
    budget = page.locator("input[name='p3-budget']")
    budget.scroll_into_view_if_needed()
    budget.fill("81")
    assert page.evaluate("window.scrollY") > 1500
    where = budget.bounding_box()["y"]  # where the user sees it
    page.click("#goal-form button[type=submit]")
    expect(page.locator("[data-testid=save-said]")).to_contain_text("已保存（1 处修改）")
    # where it was, though the page now has the save's message above the form
    assert abs(page.locator("input[name='p3-budget']").bounding_box()["y"] - where) < 5
    page.screenshot(path="/tmp/goals-saved-in-place.png")
    assert GoalSet.objects.get(pk=changli.pk).document["projects"][3]["budget"] == "81"
    # refused: the same place, the refusal beside 保存, the checks judge the stored budget
    page.fill("input[name='p3-budget']", "12,6 万元x")
    page.click("#goal-form button[type=submit]")
    expect(page.locator("[data-testid=save-said]")).to_contain_text("申请预算：请输入数字")
    assert abs(page.locator("input[name='p3-budget']").bounding_box()["y"] - where) < 5
    expect(page.locator("input[name='p3-budget']")).to_have_value("12,6 万元x")
    expect(page.locator("#goal-checks")).not_to_contain_text("没有填写申请预算")
    page.screenshot(path="/tmp/goals-refused-in-place.png")
    # opened afresh (not after a save): the top
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    assert page.evaluate("window.scrollY") == 0


# a cell's text is all in sight: nothing scrolled out of its box sideways or below
SHOWN_WHOLE = "el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight"
NO_SIDEWAYS = "boxes => boxes.every(box => box.scrollWidth <= box.clientWidth + 1)"


def test_a_long_indicator_name_is_shown_whole_in_the_goals_tables_at_1366(live_server, transactional_db,
                                                                          browser):  # noqa: F811
    """A new user read long 三级指标 names cut at 1366×768 (whole only on hovering), in the goal-setting tables and
    in the evaluation's goals. The name wraps in its column, its row a line taller for each line, and no table
    scrolls sideways for it; Enter in it still puts no line break in the name."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    long = "加大劳动保障执法力度，增强劳动监察的监督力，维护农民工合法权益"  # 通城's seed, goal 3
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    fill = f"{live_server.url}/goals/{changli.pk}/fill/"
    page.goto(fill)
    empty = int(page.input_value("input[name=rows]")) - 2
    cell, short = page.locator(f"[name='i{empty}-name']"), page.locator("[name='i0-name']")
    cell.click()
    cell.press_sequentially(long, delay=5)
    cell.press("Escape")  # the library's suggestions closed
    cell.press("Enter")
    expect(cell).to_have_value(long)  # no line break typed
    assert cell.evaluate(SHOWN_WHOLE) and short.evaluate(SHOWN_WHOLE)
    assert cell.evaluate("el => el.clientHeight") > short.evaluate("el => el.clientHeight")  # wrapped, not cut
    assert page.eval_on_selector_all(".grid-scroll", NO_SIDEWAYS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    cell.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/goals-long-indicator.png")
    page.fill(f"[name='i{empty}-weight']", "0")
    page.select_option(f"select[name='i{empty}-category']", "outcome/social")
    page.fill(f"[name='i{empty}-target']", "有效维护")
    page.click("#goal-form button[type=submit]")
    expect(page.locator(".message.success, .message.warning[role=status]")).to_contain_text("已保存")
    assert GoalSet.objects.get(pk=changli.pk).document["goals"][0]["indicators"][empty]["name"] == long
    page.goto(fill)  # drawn by the server: whole as well
    assert page.locator(f"[name='i{empty}-name']").evaluate(SHOWN_WHOLE)
    assert page.locator(f"[name='i{empty}-name']").evaluate("el => el.clientHeight") > short.evaluate(
        "el => el.clientHeight")
    # the evaluation editor's goals: 通城's seed has names of up to 59 characters
    tongcheng = Evaluation.objects.get(department__name__startswith="通城", year=2023)
    editor = browser.new_page(viewport={"width": 1366, "height": 768})
    editor.set_default_timeout(15000)
    _login(editor, live_server.url, "tongcheng_preparer", logins["tongcheng_preparer"])
    editor.goto(f"{live_server.url}/evaluations/{tongcheng.pk}/edit/goals/")
    names = editor.locator("[name^='g'][name$='-name']")
    values = names.evaluate_all("cells => cells.map(c => c.value)")
    assert long in values and max(map(len, values)) == 59
    assert names.evaluate_all(f"cells => cells.map({SHOWN_WHOLE})") == [True] * len(values)
    assert editor.eval_on_selector_all(".grid-scroll", NO_SIDEWAYS)
    assert editor.evaluate("document.documentElement.scrollWidth") <= 1366
    names.nth(values.index(long)).scroll_into_view_if_needed()
    editor.screenshot(path="/tmp/evaluation-goals-long-indicator.png")
    assert script_errors == []


def test_a_long_target_is_shown_whole_in_the_goals_tables_at_1366(live_server, transactional_db,
                                                                  browser):  # noqa: F811
    """A new user read “2547.2077 万元” (通城's 解决农民工拖欠工资) cut in the 年度指标值 column at 1366×768. The target
    wraps in its column as a 三级指标 name does, its row taller rather than the value cut, whether drawn by the server
    or typed; no table scrolls sideways for it, and Enter puts no line break in it."""
    logins = {u: p for u, p, _ in load_demo()}
    changli = GoalSet.objects.get(department__name__startswith="昌黎")
    document = changli.document
    long = "≥2547.2077 万元"
    document["goals"][0]["indicators"][0] = {**document["goals"][0]["indicators"][0], "target": long, "unit_of_measure": "万元"}
    GoalSet.objects.filter(pk=changli.pk).update(document=document)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    _login(page, live_server.url, "changli_preparer", logins["changli_preparer"])
    page.goto(f"{live_server.url}/goals/{changli.pk}/fill/")
    drawn, short = page.locator("[name='i0-target']"), page.locator("[name='i1-target']")
    expect(drawn).to_have_value(long)
    assert drawn.evaluate(SHOWN_WHOLE) and short.evaluate(SHOWN_WHOLE)
    height = "el => el.clientHeight"
    assert drawn.evaluate(height) == short.evaluate(height)  # one line: the column has room for it
    # typed into an empty row, with a longer figure still: whole, and no line break from Enter
    empty = int(page.input_value("input[name=rows]")) - 2
    typed = page.locator(f"[name='i{empty}-target']")
    typed.click()
    typed.press_sequentially("≤12345678.9012 万元", delay=5)
    typed.press("Enter")
    expect(typed).to_have_value("≤12345678.9012 万元")
    assert typed.evaluate(SHOWN_WHOLE) and typed.evaluate(height) > short.evaluate(height)  # wrapped, not cut
    assert typed.evaluate("el => el.value") == "≤12345678.9012 万元"
    assert page.eval_on_selector_all(".grid-scroll", NO_SIDEWAYS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    drawn.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/goals-long-target.png")
    # the read-only page of the same goals: a table of text, whole as well
    page.goto(f"{live_server.url}/goals/{changli.pk}/")
    expect(page.locator("td", has_text=long)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path="/tmp/goals-long-target-detail.png", full_page=True)
    assert script_errors == []
