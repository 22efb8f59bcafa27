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
    "lane_assignments": ("通道分配", "Lane assignments"),
    "shift_checklist_items": ("勤前检查", "Checklist"),
    "shifts": ("班次", "Shifts"),
    "forecasts": ("预报", "Forecasts"),
    "priority_approvals": ("优先通关审批", "Priority approvals"),
    "emergency_passages": ("应急通道记录", "Emergency passages"),
    "officers": ("人员", "Officers"),
    "lanes": ("通道", "Lanes"),
}

# Headings, column names and phrases, by key → (Chinese, English).  A "\n"
# puts a column's unit on its own line: a closing bracket that does not fit
# would otherwise hang out of its cell (CJK line breaking never starts a line
# with "）").
_TEXT: dict[str, tuple[str, str]] = {
    "shift_report": ("执勤班次报告", "Shift report"),
    "daily_report": ("口岸日报", "Daily report"),
    "provisional": ("（未结班，数据为临时数据）", "(period not closed: figures are provisional)"),
    "provisional_mark": ("临时数据", "PROVISIONAL"),
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
    "subjects_total": ("受检总数", "Subjects checked"),
    "breaches_total": ("候检超过30分钟", "Waits over 30 minutes"),
    "citizen_p90": ("中国公民候检P90", "Chinese citizens, wait P90"),
    "citizen_within": ("中国公民30分钟内比例", "Chinese citizens within 30 min"),
    "referred_refused": ("移交/不准出入境", "Referred / refused"),
    "still_open": ("期末未办结", "Not finished at end of data"),
    # sections
    "sec_volumes": ("一、通关量", "1. Volumes"),
    "sec_times": ("二、候检与通关时间", "2. Waiting and clearance times"),
    "sec_lanes": ("三、通道开放与通行效率", "3. Lanes open and throughput"),
    "sec_forecasts": ("四、预报与实际到达", "4. Forecast and actual arrivals"),
    "sec_channels": ("五、特殊通道", "5. Special channels"),
    "sec_approvals": ("六、优先通关审批", "6. Priority clearance approvals"),
    "sec_checklist": ("七、勤前检查", "7. Shift checklist"),
    "sec_sync": ("八、数据同步状态", "8. Sync state"),
    "sec_breaches": ("九、候检超时明细", "9. Waits over 30 minutes"),
    "sec_handover": ("十、交接班与签字", "10. Handover and signatures"),
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
    "unserved": ("未查验", "Not served"),
    "percentile_note": (
        "百分位数按线性插值（Hyndman–Fan 第7型，与 Excel PERCENTILE.INC 相同）计算；"
        "各类别分别统计，不合并平均。",
        "Percentiles by linear interpolation (Hyndman–Fan type 7, as Excel's PERCENTILE.INC); "
        "each category on its own, never one average over everyone.",
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
    "expected_people": ("预报人数", "Expected travellers"),
    "expected_vehicles": ("预报车辆", "Expected vehicles"),
    "actual_people": ("实到人数", "Actual travellers"),
    "actual_vehicles": ("实到车/列", "Actual vehicles"),
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
    "no_breaches": ("本期无候检超过30分钟的情况。", "No wait over 30 minutes in this period."),
    "breach_count": ("共{n}人/次候检超过30分钟。", "{n} waits over 30 minutes."),
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
    "period": ("期间", "Period"),
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


def lane_kind(code: str, lang: Lang) -> str:
    # "crew" is both a traveller category and a lane kind, named differently on paper.
    return term("crew_lane" if code == "crew" else code, lang)
