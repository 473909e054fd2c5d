"""The words generated demo documents use where an indicator falls short of its target."""

SHORT_ACTUAL = {"partial": "部分达成，效果有待进一步显现", "not_achieved": "未达成，效果较差"}  # by tier
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
# Each workflow event's comment (the title's word is organisations.models.GENERATED).
GENERATED_COMMENT = "演示生成数据：按种子文件生成，未经真实填报"
# What a generated return asks for (a return must say what to change).
RETURN_REASON = "；退回意见：请核实未完成指标的实际完成值，补充偏差原因和改进措施。"
