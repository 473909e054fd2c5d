"""The words generated demo documents use where an indicator falls short of its target."""

PARTIAL_ACTUAL = "部分达成，效果有待进一步显现"
SHORT_REASONS = (
    "受项目实施进度影响，部分任务延至次年完成，实际完成值低于年度指标值。",
    "年初指标值按往年数据测算，实际需求减少，完成值低于年度指标值。",
    "上级资金下达较晚，项目启动推迟，全年未能完成年度指标。",
    "受政策调整影响，部分工作内容变更，实际完成值低于年度指标值。",
    "项目涉及单位较多，协调用时超出预期，进度滞后于计划。",
)
IMPROVEMENTS = (
    "加强项目进度管理，按月跟踪指标完成情况。",
    "合理测算年度指标值，强化预算与绩效目标衔接。",
    "提前做好项目前期准备，加快资金支付进度。",
    "建立部门协调机制，定期调度重点任务进展。",
)
# Written into each generated document's title and each workflow event's comment.
GENERATED = "演示生成"
GENERATED_COMMENT = "演示生成数据：按种子文件生成，未经真实填报"
