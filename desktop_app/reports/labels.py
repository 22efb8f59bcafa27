"""The words on the printed reports, in Chinese (the default) and English.

The enums in ``db.enums`` store lowercase codes; what a printed page calls
them lives here, next to the headings, so that a report reads the same
whoever runs it.  Plain data: no ReportLab, no Qt.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# Codes of the enums (and a few report-only codes) → (Chinese, English).
_TERMS: dict[str, tuple[str, str]] = {
    # directions
    "entry": ("入境", "Entry"),
    "exit": ("出境", "Exit"),
    "both": ("出入境", "Both"),
    # traveller categories, and subject kinds used as a category for vehicles/trains
    "chinese_citizen": ("中国公民", "Chinese citizens"),
    "foreign_national": ("外国人", "Foreign nationals"),
    "crew": ("交通运输工具员工", "Crew"),
    "hk_macao_taiwan": ("港澳台居民", "HK, Macao, Taiwan residents"),
    "person": ("旅客", "Travellers"),
    "vehicle": ("车辆", "Vehicles"),
    "train": ("列车", "Trains"),
    # the headline group of every traveller who is not a Chinese citizen
    "other_travellers": ("其他旅客", "Other travellers"),
    # the 12367 service line: kinds of contact, and a reply's state
    "consultation": ("咨询", "Consultation"),
    "complaint": ("投诉", "Complaint"),
    "suggestion": ("建议", "Suggestion"),
    "praise": ("表扬", "Praise"),
    "reply_on_time": ("按时答复", "Answered on time"),
    "reply_late": ("逾期答复", "Answered late"),
    "reply_waiting": ("待答复", "Waiting"),
    "reply_overdue": ("超期未答复", "Overdue"),
    "reply_none": ("无需答复", "No reply needed"),
    # lane groups an alert watches, and alert levels
    "travellers_entry": ("入境旅客", "Travellers, entry"),
    "travellers_exit": ("出境旅客", "Travellers, exit"),
    "vehicles": ("车辆", "Vehicles"),
    "amber": ("黄色预警", "Amber"),
    "red": ("红色预警", "Red"),
    # lane kinds
    "regular": ("普通通道", "Regular lane"),
    "green": ("绿色通道", "Green channel"),
    "fast": ("快速通道", "Fast lane"),
    "belt_road": ("一带一路专用通道", "Belt and Road channel"),
    "emergency": ("应急通道", "Emergency passage"),
    "priority": ("优先通关通道", "Priority clearance"),
    "senior": ("老年旅客通道", "Travellers over 60"),
    "crew_lane": ("乘务员通道", "Crew lane"),
    # outcomes
    "cleared": ("放行", "Cleared"),
    "referred": ("移交处理", "Referred"),
    "refused": ("不准出入境", "Refused"),
    "unfinished": ("未办结", "Not finished"),
    # checklist results
    "pass": ("合格", "Pass"),
    "fail": ("不合格", "Fail"),
    "n/a": ("不适用", "N/A"),
    "not_done": ("未检查", "Not done"),
    # emergency kinds
    "altitude_sickness": ("高原反应", "Altitude sickness"),
    "sudden_illness": ("突发疾病", "Sudden illness"),
    "injury": ("受伤", "Injury"),
    "other": ("其他", "Other"),
    # approval decisions
    "approved": ("批准", "Approved"),
    "rejected": ("不批准", "Rejected"),
    "pending": ("待审批", "Pending"),
    # forecast arrival
    "on_time": ("准时", "On time"),
    "early": ("提前", "Early"),
    "late": ("延误", "Late"),
    "no_show": ("未到", "No-show"),
    "overdue": ("逾期未到", "Overdue"),
    "expected": ("未到期", "Not yet due"),
    "cancelled": ("已取消", "Cancelled"),
    # modes
    "road": ("公路", "Road"),
    "rail": ("铁路", "Rail"),
    "air": ("航空", "Air"),
    # shift states
    "planned": ("计划", "Planned"),
    "open": ("执勤中", "Open"),
    "closed": ("已结班", "Closed"),
    # outbox entities (sync table)
    "clearance_events": ("通关记录", "Clearance events"),
    "audit_entries": ("审计日志", "Audit log"),
    "lane_state_changes": ("通道开闭", "Lane openings"),
    "service_contacts": ("12367登记", "12367 contacts"),
    "service_contact_replies": ("12367答复", "12367 replies"),
    "lane_assignments": ("通道分配", "Lane assignments"),
    "shift_checklist_items": ("勤前检查", "Checklist"),
    "shifts": ("班次", "Shifts"),
    "forecasts": ("预报", "Forecasts"),
    "priority_approvals": ("优先通关审批", "Priority approvals"),
    "emergency_passages": ("应急通道记录", "Emergency passages"),
    "officers": ("人员", "Officers"),
    "lanes": ("通道", "Lanes"),
    "checklist_overrides": ("检查项放行决定", "Checklist overrides"),
    "shift_signoffs": ("结班签字数据", "Shift sign-offs"),
    "duty_postings": ("执勤安排记录", "Duty roster postings"),
    "advice_decisions": ("预判建议处理", "Plan advice decisions"),
    "queue_alerts": ("候检预警", "Queue alerts"),
    "ports": ("口岸", "Ports"),
    "duty_teams": ("执勤队", "Duty teams"),
    "port_calendars": ("口岸开放日历", "Port calendars"),
    # pre-inspection of a forecast (db.enums.PreInspection), prefixed: "pending" is taken
    "pre_pending": ("未预检", "Not started"),
    "pre_in_progress": ("预检中", "In progress"),
    "pre_cleared": ("预检通过", "Cleared"),
    "pre_flagged": ("预检发现问题", "Flagged"),
    # measures a target is on
    "measure_wait": ("候检", "wait"),
    "measure_total": ("通关总时间", "total time"),
    # what an amendment changed (desktop_app.reports.signoff.COMPARED)
    "field_lane_code": ("通道", "Lane"),
    "field_traveller_category": ("类别", "Category"),
    "field_reference": ("编号", "Reference"),
    "field_joined_at": ("排队时刻", "Joined"),
    "field_started_at": ("开始查验", "Service started"),
    "field_finished_at": ("办结时刻", "Left the desk"),
    "field_outcome": ("结果", "Outcome"),
    "field_added": ("新增", "Added"),
    "field_removed": ("删除（已撤销）", "Removed (undone)"),
    "field_lane_finished": ("通道办结数", "Finished on the lane"),
    # correction steps
    "step_joined": ("排队", "Joined"),
    "step_started": ("开始查验", "Service started"),
    "step_finished": ("办结", "Left the desk"),
    "step_undone": ("撤销", "Undone"),
}

# Headings, column names and phrases, by key → (Chinese, English).  A "\n"
# puts a column's unit on its own line: a closing bracket that does not fit
# would otherwise hang out of its cell (CJK line breaking never starts a line
# with "）").
_TEXT: dict[str, tuple[str, str]] = {
    "shift_report": ("执勤班次报告", "Shift report"),
    # The Chinese title is "<port>口岸" + this: "阿拉山口口岸日报", never "口岸口岸".
    "daily_report": ("日报", "Daily report"),
    "provisional": (
        "（未结班，数据为临时数据，截至 {at}）",
        "(period not closed: figures are provisional, as of {at})",
    ),
    "provisional_mark": ("临时数据", "PROVISIONAL"),
    "amended_mark": ("更正版", "AMENDED"),
    "redacted_mark": ("编号已遮蔽", "REFERENCES MASKED"),
    "amended": (
        "（更正版：结班签字后有更正，签字版数据校验 {signed}；改动见“更正说明”）",
        "(amended after the signed close-out, signed data {signed}; see Amendments)",
    ),
    "as_of": ("数据截至", "Data as of"),
    "as_of_final": (
        "{at}（期间结束时的数据；此后发生的查验、放行不计入）",
        "{at} (when the period closed; what happened later is not in it)",
    ),
    "port": ("口岸", "Port"),
    "station": ("边检站", "Station"),
    "team": ("执勤队", "Duty team"),
    "shift_time": ("班次时间", "Shift time"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "planned": ("计划", "planned"),
    "actual": ("实际", "actual"),
    "date": ("日期", "Date"),
    "time_zone": ("时区", "Time zone"),
    "deputy_captain": ("副队长", "Deputy captain"),
    "opened_by": ("开班", "opened by"),
    "closed_by": ("结班", "closed by"),
    "state": ("状态", "State"),
    "shifts_of_day": ("当日班次", "Shifts of the day"),
    "crosses_midnight": ("跨日", "crosses midnight"),
    "key_figures": ("主要指标", "Key figures"),
    "volumes_line": (
        "受检 {subjects}（旅客 {persons}，车辆 {vehicles}，列车 {trains}）；"
        "移交处理 {referred}，不准出入境 {refused}；截至数据时间未办结 {unfinished}。",
        "Subjects {subjects} (travellers {persons}, vehicles {vehicles}, trains {trains}); "
        "referred {referred}, refused {refused}; not finished at the as-of time {unfinished}.",
    ),
    "group": ("类别", "Group"),
    "target": ("目标", "Target"),
    "target_text": ("{measure}≤{minutes}分钟", "{measure} ≤ {minutes} min"),
    "counted": ("计入", "Counted"),
    "within_target": ("目标内\n比例", "Within target"),
    "over_target": ("超过目标", "Over target"),
    # still waiting (a wait target) or still at the desk (a total-time target: trains)
    "of_which_waiting": ("其中仍在\n等候/办理", "Still waiting or in service"),
    "p90_min": ("P90\n（分钟）", "P90 (min)"),
    "max_min": ("最长\n（分钟）", "Max (min)"),
    "headline_note": (
        "中国公民与其他旅客分别统计，不合并计算；车辆、列车按各自目标考核（参考数据），"
        "其30分钟候检数字见“候检与通关时间”。",
        "Chinese citizens and other travellers are counted apart, never pooled; vehicles and "
        "trains are held to their own targets (reference data); their 30-minute waits are "
        "under waiting and clearance times.",
    ),
    # sections
    # Section headings: numbered in order when the report is laid out (sections.number).
    "sec_amendments": ("更正说明", "Amendments"),
    "sec_trend": ("近7日趋势", "7-day trend"),
    "sec_volumes": ("通关量", "Volumes"),
    "sec_times": ("候检与通关时间", "Waiting and clearance times"),
    "sec_lanes": ("通道开放与通行效率", "Lanes open and throughput"),
    "sec_forecasts": ("预报与实际到达", "Forecast and actual arrivals"),
    "sec_channels": ("特殊通道", "Special channels"),
    "sec_alerts": ("候检预警", "Queue alerts"),
    "sec_duty": ("执勤安排", "Duty roster"),
    "sec_advice": ("预判建议", "Plan advice"),
    "sec_approvals": ("优先通关审批", "Priority clearance approvals"),
    "sec_checklist": ("勤前检查", "Shift checklist"),
    "sec_sync": ("数据同步状态", "Sync state"),
    "sec_breaches": ("超过目标的等候", "Waits over target"),
    "sec_service_line": ("12367服务热线登记", "The 12367 service line"),
    "sec_handover": ("交接班与签字", "Handover and signatures"),
    "appendix": ("附录A  超过目标的等候明细", "Appendix A. Every wait over target"),
    # volumes
    "by_direction": ("按出入境方向", "By direction"),
    "by_category": ("按旅客类别", "By traveller category"),
    "by_subject": ("按受检对象", "By subject kind"),
    "by_lane_kind": ("按通道类型", "By lane kind"),
    "joined": ("排队", "Joined"),
    "total": ("合计", "Total"),
    # times
    "wait_table": (
        "候检时间（排队至开始查验），分钟",
        "Wait (joined queue → service started), minutes",
    ),
    "total_table": (
        "通关总时间（排队至办结），分钟",
        "Total time (joined queue → left the desk), minutes",
    ),
    "category": ("类别", "Category"),
    "count": ("人/次数", "Count"),
    "max": ("最长", "Max"),
    "within_30": ("30分钟内", "≤ 30 min"),
    "over_30": ("超30分钟", "> 30 min"),
    "unserved": ("未查验\n（其中超30分钟）", "Not served (over 30)"),
    "not_ended": ("未结束\n（其中超目标）", "Not ended (over target)"),
    "own_target_table": (
        "车辆、列车按各自目标（分钟）",
        "Vehicles and trains against their own targets, minutes",
    ),
    "percentile_note": (
        "百分位数按线性插值（Hyndman–Fan 第7型，与 Excel PERCENTILE.INC 相同）计算；"
        "各类别分别统计，不合并平均。分钟、比例按四舍五入保留一位小数。",
        "Percentiles by linear interpolation (Hyndman–Fan type 7, as Excel's PERCENTILE.INC); "
        "each category on its own, never one average over everyone. Minutes and shares are "
        "rounded half up (四舍五入) to one decimal.",
    ),
    "before_open_table": (
        "开放前排队（自到达起计时，不计入任何目标指标）",
        "Queued before opening (timed from arrival; in no figure against a target)",
    ),
    "before_open_note": (
        "通道开放前已在闸口或通道排队者单独列出：其等候自到达起计算，但不计入30分钟及其他目标的"
        "指标，以免开放时间不同的口岸之间失去可比性。",
        "Subjects who queued at a gate or lane before it opened are listed apart: their wait "
        "runs from arrival, but it is left out of the 30-minute and every other target figure, "
        "so that ports with different hours stay comparable.",
    ),
    "alerts_summary": (
        "预警{n}次（红色{red}次，已确认{acked}次，截至数据时间未结束{open}次）；"
        "自预警起至增开通道或等候回落的时间（分钟）：中位数{response}，P90 {response_p90}。",
        "{n} alert episodes (red {red}, acknowledged {acked}, still running at the as-of time "
        "{open}); minutes from the alert until a lane opened or the wait fell back: median "
        "{response}, P90 {response_p90}.",
    ),
    "alerts_summary_one": (
        "预警1次（红色{red}次，已确认{acked}次，截至数据时间未结束{open}次）；"
        "自预警起至增开通道或等候回落的时间（分钟）：{response}。",
        "1 alert episode (red {red}, acknowledged {acked}, still running at the as-of time "
        "{open}); minutes from the alert until a lane opened or the wait fell back: {response}.",
    ),
    "alerts_not_recorded": (
        "此签字版本早于预警记录功能，未包含预警。",
        "This signed version predates the recording of alert episodes: none are part of it.",
    ),
    "alerts_note": (
        "一次预警为同一候检群体的一轮长时间等候：最长等候达15分钟（黄色）起，达25分钟为红色，"
        "低于15分钟持续10分钟止。响应：至增开服务该群体的通道或等候回落的分钟数。",
        "An episode is one wave of long waits in one lane group: from the longest wait reaching "
        "15 minutes (amber; red at 25) until it stays below 15 for 10 minutes. Response: minutes "
        "until a lane serving the group opened or the wait fell back.",
    ),
    "planning_not_recorded": (
        "此签字版本早于执勤安排和预判建议的记录功能，未包含二者。",
        "This signed version predates the recording of the duty roster and plan advice.",
    ),
    "duty_unstaffed": (
        "截至数据时间已开放但无人执勤的通道：{lanes}",
        "Lanes open at the as-of time with no officer working them: {lanes}",
    ),
    "duty_all_staffed": (
        "截至数据时间每条开放通道均有执勤人员。",
        "Every lane open at the as-of time has an officer working it.",
    ),
    "duty_at": ("时间", "Time"),
    "duty_officer": ("人员", "Officer"),
    "duty_action": ("变动", "Change"),
    "duty_lane": ("通道", "Lane"),
    "duty_on_duty": ("到岗", "on duty"),
    "duty_lane_taken": ("上通道", "takes the lane"),
    "duty_off_lane": ("离开通道", "leaves the lane"),
    "duty_off_duty": ("离岗", "off duty"),
    "advice_summary": (
        "处理预判建议{n}条：采纳{taken}条，忽略{dismissed}条（未处理的建议随预判更新，不留存）。",
        "{n} lines of plan advice answered: {taken} taken, {dismissed} dismissed (advice nobody "
        "answered changes with each new plan and is not kept).",
    ),
    "advice_summary_one": (
        "处理预判建议1条：采纳{taken}条，忽略{dismissed}条（未处理的建议随预判更新，不留存）。",
        "1 line of plan advice answered: {taken} taken, {dismissed} dismissed (advice nobody "
        "answered changes with each new plan and is not kept).",
    ),
    "advice_at": ("处理时间", "Answered"),
    "advice_choice": ("处理", "Choice"),
    "advice_line": ("建议", "Advice"),
    "advice_opened": ("通道开放", "Lane opened"),
    "advice_actual": ("实际P90\n（分钟）", "Actual P90 (min)"),
    "advice_taken": ("采纳", "taken"),
    "advice_dismissed": ("忽略", "dismissed"),
    "advice_note": (
        "实际P90：建议所指客流到达后一小时内排队者的候检时间P90（该方向普通通道）。",
        "Actual P90: the wait P90 of those who joined the queue in the hour from the wave the "
        "advice named (that queue's regular lanes).",
    ),
    "lane_group": ("候检群体", "Lane group"),
    "alert_started": ("开始", "Started"),
    "alert_level": ("最高级别", "Highest level"),
    "alert_peak": ("最长等候\n（分钟）", "Peak wait (min)"),
    "alert_lane": ("通道", "Lane"),
    "alert_response": ("响应\n（分钟）", "Response (min)"),
    "alert_ended": ("结束", "Ended"),
    "alert_acks": ("确认人及措施", "Acknowledged by, action"),
    "still_running": ("未结束", "running"),
    "t_alerts": ("预警\n（红）", "Alerts (red)"),
    "lower_bound_note": (
        "截至数据时间仍在等候者：超过目标后按已等候时长（下限）计入人数、百分位数、最长和超时，"
        "带“≥”的数值为下限；未超过目标者只计入“未查验”。",
        "Subjects still waiting at the as-of time count, once past the target, with their wait "
        "so far (a lower bound) in the count, percentiles, maximum and breaches; figures marked "
        "≥ are lower bounds. Those still within the target count only as not served.",
    ),
    "chart_waits": ("各时段候检时间P90（按排队时刻）", "Wait P90 by hour of joining the queue"),
    "chart_arrivals": ("每小时排队人/次数与开放通道数", "Arrivals per hour and lanes open"),
    "chart_histogram": ("候检时间分布", "Wait distribution"),
    "target_line": ("30分钟目标", "30-minute target"),
    "minutes": ("分钟", "minutes"),
    "hour": ("时", "hour"),
    "arrivals": ("排队人/次数", "Arrivals"),
    "lanes_open": ("开放通道数（小时平均）", "Lanes open (hourly average)"),
    "share_pct": ("占该类别比例（%）", "Share of the category (%)"),
    "wait_minutes": ("候检时间（分钟）", "Wait (minutes)"),
    "no_data": ("本期无数据", "No data for this period"),
    # lanes
    "lane": ("通道", "Lane"),
    "kind": ("类型", "Kind"),
    "open_hours": ("开放时长\n（小时）", "Open (hours)"),
    "served": ("办结", "Finished"),
    "per_open_hour": ("每开放小时办结", "Per open hour"),
    "capacity": ("设计能力/小时", "Capacity / hour"),
    "lane_history": ("通道开闭记录", "Lane open/close history"),
    "time": ("时间", "Time"),
    "action": ("操作", "Action"),
    "lane_opened": ("开启", "Opened"),
    "lane_closed": ("关闭", "Closed"),
    "officer": ("经办人", "Officer"),
    "reason": ("原因", "Reason"),
    "open_at_start": ("期初已开启", "Open at start of period"),
    "none": ("无", "None"),
    # forecasts
    "forecast_summary": ("预报到达情况", "Forecast arrivals"),
    "forecasts_total": ("预报数", "Forecasts"),
    "matched": ("对应预报的受检人/次", "Subjects matched to a forecast"),
    "unforecast": ("无预报的受检人/次", "Subjects with no forecast"),
    "expected_at": ("预计到达", "Expected"),
    "arrived_at": ("实际到达", "Arrived"),
    "delay_min": ("偏差\n（分钟）", "Delay (min)"),
    "reference": ("编号", "Reference"),
    "mode": ("方式", "Mode"),
    "people_fc": ("人数\n预报/实到", "Travellers forecast / actual"),
    "vehicles_fc": ("车/列\n预报/实到", "Vehicles forecast / actual"),
    "preinspection": ("预检", "Pre-inspection"),
    "pre_summary": (
        "预检情况（截至数据时间）：{parts}。已到达{arrived}批，其中到达前完成预检{before}批。",
        "Pre-inspection (as of the data time): {parts}. Of {arrived} arrived, {before} were "
        "pre-inspected before arrival.",
    ),
    "status": ("状态", "Status"),
    "direction": ("方向", "Direction"),
    # special channels
    "channel_table": ("特殊通道通行情况", "Special channels"),
    "emergency_table": ("应急通道记录", "Emergency passages"),
    "emergency_kind": ("情形", "What happened"),
    "subject": ("对象", "Subject"),
    "action_taken": ("处置", "Action taken"),
    "outcome": ("结果", "Outcome"),
    "recorded_by": ("记录人", "Recorded by"),
    "wait_p50": ("候检P50", "Wait P50"),
    "wait_p90": ("候检P90", "Wait P90"),
    "wait_max": ("候检最长", "Wait max"),
    # approvals
    "requested_at": ("申请时间", "Requested"),
    "requester": ("申请人", "Requested by"),
    "decision": ("审批结果", "Decision"),
    "approver": ("审批人", "Decided by"),
    "decided_at": ("审批时间", "Decided"),
    "used": ("已使用", "Used"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "note": ("备注", "Note"),
    # checklist
    "overridden": (
        "副队长{by}于{at}决定带此故障开班，理由：{reason}",
        "Opened over this failure by deputy captain {by} at {at}: {reason}",
    ),
    "check_item": ("检查项目", "Item"),
    "result": ("结果", "Result"),
    "shift": ("班次", "Shift"),
    # sync
    "sync_entity": ("数据类别", "Data"),
    "sync_total": ("本期产生", "Written"),
    "sync_acked": ("已送达总站", "Acknowledged by HQ"),
    "sync_pending": ("待同步", "Pending"),
    "sync_oldest": ("最早待同步", "Oldest pending"),
    "sync_note": (
        "按本期产生的待发数据统计（outbox）：已送达指总站已确认接收。",
        "Counts the period's outbox entries: acknowledged means HQ confirmed receipt.",
    ),
    # breaches
    "joined_at": ("排队时刻", "Joined"),
    "started_at": ("开始查验", "Service started"),
    "wait_min": ("候检\n（分钟）", "Wait (min)"),
    "total_min": ("总时间\n（分钟）", "Total (min)"),
    "no_breaches": ("本期无超过目标的等候。", "No wait over target in this period."),
    "breach_count": ("共{n}人/次超过目标。", "{n} waits over target."),
    "breach_count_one": ("共1人/次超过目标。", "1 wait over target."),
    "waiting_count": (
        "其中{n}人/次截至数据时间仍在等候（按已等候时长计）。",
        "{n} of them were still waiting at the as-of time (counted with their wait so far).",
    ),
    "waiting_count_one": (
        "其中1人/次截至数据时间仍在等候（按已等候时长计）。",
        "1 of them was still waiting at the as-of time (counted with its wait so far).",
    ),
    "by_group": ("按类别", "By group"),
    "by_lane": ("按通道", "By lane"),
    "longest": ("等候最长的{n}人/次", "The {n} longest"),
    "longest_one": ("等候最长的1人/次", "The longest"),
    "appendix_ref": ("完整名单（{n}人/次）见附录A。", "The full list ({n}) is in appendix A."),
    "still_waiting": ("仍在等候", "still waiting"),
    "in_service": ("办理中", "in service"),
    "minutes_col": ("时长\n（分钟）", "Minutes"),
    "not_yet": ("尚未", "not yet"),
    # handover and signatures
    "handover_notes": ("交接班事项", "Handover notes"),
    "handing_over": ("交班副队长（签字）", "Handing over, deputy captain (signature)"),
    "taking_over": ("接班副队长（签字）", "Taking over, deputy captain (signature)"),
    "duty_leader": ("值班领导（签字）", "Duty leader (signature)"),
    "prepared_by": ("制表人（签字）", "Prepared by (signature)"),
    "sign_date": ("日期", "Date"),
    # header and footer
    "page_of": ("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "generated": ("生成于 {at}", "Generated {at}"),
    "version": ("版本 {version}", "version {version}"),
    "data_hash": ("数据校验 {digest}", "data {digest}"),
    "data_hash_amended": (
        "数据校验 {digest}（签字版 {signed}）",
        "data {digest} (signed {signed})",
    ),
    "period": ("期间", "Period"),
    # amendments
    "amend_intro": (
        "本报告为更正版。结班时副队长签字的报告（数据校验 {signed}，{by}，数据截至 {at}）保持不变、"
        "另行存档；以下为签字后记录的更正及其改动。",
        "This report is amended. The report the deputy captain signed at close-out (data "
        "{signed}, {by}, as of {at}) stands unchanged and is filed beside it; below are the "
        "corrections recorded since and what they changed.",
    ),
    "changes_table": ("数据改动", "What changed"),
    "corrections_table": ("签字后记录的更正", "Corrections recorded after the close-out"),
    "field": ("项目", "Item"),
    "signed_value": ("签字版", "Signed"),
    "amended_value": ("更正后", "Amended"),
    "recorded_at": ("记录时间", "Recorded"),
    "step": ("环节", "Step"),
    # trend
    "trend_note": (
        "每日统计当日排队的受检对象，截至本报告数据时间；中国公民与其他旅客按30分钟候检目标，"
        "车辆、列车按各自目标。",
        "Each day counts the subjects who joined a queue that day, as of this report's data "
        "time; citizens and other travellers against 30 minutes of waiting, vehicles and trains "
        "against their own targets.",
    ),
    "day": ("日期", "Day"),
    "t_joined": ("{group}\n人/次", "{group} joined"),
    "t_p90": ("P90\n（分钟）", "P90 (min)"),
    "t_within": ("30分钟内", "Within 30 min"),
    "t_over": ("超30分钟", "Over 30 min"),
    "t_over_own": ("{group}\n超目标", "{group} over target"),
    "sl_by_topic": ("按事由和类别", "By topic and kind"),
    "sl_topic": ("事由", "Topic"),
    "sl_complaints": (
        "投诉及相关旅客的实测等候",
        "Complaints, with the related traveller's measured wait",
    ),
    "sl_replies": (
        "答复：按时 {on_time}，逾期 {late}，待答复 {waiting}，超期未答复 {overdue}。",
        "Replies: on time {on_time}, late {late}, waiting {waiting}, overdue {overdue}.",
    ),
    "sl_received": ("受理", "Received"),
    "sl_clearance": ("相关通关", "Related clearance"),
    "sl_wait": ("实测等候\n（分钟）", "Measured wait (min)"),
    "sl_due": ("承诺答复", "Reply promised"),
    "sl_reply": ("答复", "Reply"),
    "chart_trend": ("每日候检P90（分钟）", "Wait P90 per day (minutes)"),
}


def term(code: str, lang: Lang) -> str:
    """The printed name of an enum value (or report code); the code itself if unknown."""
    pair = _TERMS.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "zh" else pair[1]


def text(key: str, lang: Lang, **values: object) -> str:
    zh, en = _TEXT[key]
    template = zh if lang == "zh" else en
    return template.format(**values) if values else template


def count_text(key: str, n: int, lang: Lang, **values: object) -> str:
    """A sentence about ``n`` things, singular for one ("1 wait", not "1 waits")."""
    if n == 1 and f"{key}_one" in _TEXT:
        return text(f"{key}_one", lang, **values)
    return text(key, lang, n=n, **values)


def preinspection(code: str, lang: Lang) -> str:
    return term(f"pre_{code}", lang)


def section_number(n: int, lang: Lang) -> str:
    """ "一、" … "二十、" in Chinese, "1. " in English."""
    if lang != "zh":
        return f"{n}. "
    digits = "零一二三四五六七八九"
    if n < 10:
        word = digits[n]
    else:
        tens, ones = divmod(n, 10)
        word = ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return f"{word}、"


def lane_kind(code: str, lang: Lang) -> str:
    # "crew" is both a traveller category and a lane kind, named differently on paper.
    return term("crew_lane" if code == "crew" else code, lang)
