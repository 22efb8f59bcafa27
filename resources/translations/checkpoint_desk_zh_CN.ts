<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Checkpoint Desk</source>
        <translation>关于 Checkpoint Desk 边检验证台</translation>
    </message>
    <message>
        <source>Checkpoint Desk {version}</source>
        <translation>Checkpoint Desk 边检验证台 {version}</translation>
    </message>
    <message>
        <source>Port: {name} ({code})</source>
        <translation>口岸：{name}（{code}）</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备编号：{device}</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>Python {python}, Qt {qt}, PySide6 {pyside}</source>
        <translation>Python {python}，Qt {qt}，PySide6 {pyside}</translation>
    </message>
    <message>
        <source>Chinese text uses WenQuanYi Micro Hei (Apache 2.0 or GPL 3 with the font exception), shipped with its licence.</source>
        <translation>中文字体：文泉驿微米黑（Apache 2.0 或 GPL 3 附字体例外），随附许可证。</translation>
    </message>
</context>
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Acknowledge the alert</source>
        <translation>确认预警</translation>
    </message>
    <message>
        <source>{group}: long waits since {since}. What was done? It is recorded with your name and the time.</source>
        <translation>{group}：自 {since} 起排队过长。采取了什么措施？将连同您的姓名和时间一并记录。</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>采取的措施</translation>
    </message>
    <message>
        <source>Opened another lane</source>
        <translation>已增开通道</translation>
    </message>
    <message>
        <source>Sent waiting travellers to another lane</source>
        <translation>已将等候旅客分流至其他通道</translation>
    </message>
    <message>
        <source>Called more officers to the desks</source>
        <translation>已增派警力上台</translation>
    </message>
    <message>
        <source>Started the emergency plan</source>
        <translation>已启动应急预案</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>longest wait now {wait}</source>
        <translation>当前最长等候 {wait}</translation>
    </message>
    <message>
        <source>peak {wait}</source>
        <translation>峰值 {wait}</translation>
    </message>
    <message>
        <source>acknowledged by {name} ({badge}) at {time}: {action}</source>
        <translation>{name}（{badge}）于 {time} 确认：{action}</translation>
    </message>
    <message>
        <source>not acknowledged yet</source>
        <translation>尚未确认</translation>
    </message>
    <message>
        <source>{group}: 25 minutes reached (since {since}): emergency plan, every lane</source>
        <translation>{group}：等候已达25分钟（自 {since} 起）：启动应急预案，开放全部通道</translation>
    </message>
    <message>
        <source>{group}: 15 minutes reached (since {since}): open another lane</source>
        <translation>{group}：等候已达15分钟（自 {since} 起）：请增开通道</translation>
    </message>
    <message>
        <source>{group}: back below 15 minutes since {since}</source>
        <translation>{group}：自 {since} 起已回落到15分钟以下</translation>
    </message>
    <message>
        <source>{group}: the wait has reached 25 minutes (since {since}): start the emergency plan and open every available lane.</source>
        <translation>{group}：等候已达25分钟（自 {since} 起）：请启动应急预案，开放所有可用通道。</translation>
    </message>
    <message>
        <source>{group}: the wait has reached 15 minutes (since {since}): open another lane now.</source>
        <translation>{group}：等候已达15分钟（自 {since} 起）：请立即增开通道。</translation>
    </message>
    <message>
        <source>{group}: back below 15 minutes since {since}; the alert ends when it stays there for 10 minutes.</source>
        <translation>{group}：自 {since} 起回落到15分钟以下；持续10分钟后预警结束。</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <source>Open a lane…</source>
        <translation>去开放通道…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>ApprovalDecision</name>
    <message>
        <source>Pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Priority clearance request</source>
        <translation>优先通关申请</translation>
    </message>
    <message>
        <source>{subject}: {reason}</source>
        <translation>{subject}：{reason}</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation>副队长警号</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation>副队长PIN码</translation>
    </message>
    <message>
        <source>Note (needed to reject)</source>
        <translation>备注（驳回时必填）</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Arrival</name>
    <message>
        <source>Not due yet</source>
        <translation>未到预计时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期未到</translation>
    </message>
    <message>
        <source>Early</source>
        <translation>提前</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>准点</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>延误</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>ArrivalDialog</name>
    <message>
        <source>Size of the group that arrived</source>
        <translation>已抵达团组的实际人数</translation>
    </message>
    <message>
        <source>{reference} arrived at {time}. How many came?</source>
        <translation>{reference} 已于 {time} 抵达。实际来了多少？</translation>
    </message>
    <message>
        <source>Mark arrived</source>
        <translation>登记抵达</translation>
    </message>
    <message>
        <source>{reference} arrives now (forecast: {travellers} travellers, {vehicles} vehicles). The size may stay unknown and be given later.</source>
        <translation>{reference} 现在抵达（预报：旅客 {travellers} 人，车辆 {vehicles} 辆）。实际人数可暂不填写，稍后补录。</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>暂不清楚</translation>
    </message>
    <message>
        <source>Travellers who came</source>
        <translation>实到旅客</translation>
    </message>
    <message>
        <source>Vehicles that came</source>
        <translation>实到车辆</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>统计方式</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Request recorded; it waits for a deputy captain&apos;s approval.</source>
        <translation>申请已登记，等待副队长审批。</translation>
    </message>
    <message>
        <source>Assign to a lane</source>
        <translation>分配通道</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Forecast (if any)</source>
        <translation>对应预报（如有）</translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation>车牌、车次或团组</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Why priority clearance</source>
        <translation>优先通关理由</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation>副队长警号</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation>副队长PIN码</translation>
    </message>
    <message>
        <source>Priority clearance needs a deputy captain&apos;s approval</source>
        <translation>优先通关须经副队长审批</translation>
    </message>
    <message>
        <source>The request is recorded in your name. A deputy captain or above approves it here with their own badge and PIN; nobody approves their own request.</source>
        <translation>申请以您的名义登记。由副队长及以上人员在此输入本人警号和PIN码审批；任何人不得审批本人的申请。</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CargoCategory</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能源</translation>
    </message>
    <message>
        <source>Livelihood materials</source>
        <translation>民生物资</translation>
    </message>
    <message>
        <source>Belt and Road project</source>
        <translation>一带一路项目</translation>
    </message>
    <message>
        <source>General cargo</source>
        <translation>普通货物</translation>
    </message>
</context>
<context>
    <name>CheckResult</name>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
</context>
<context>
    <name>ClearancePage</name>
    <message>
        <source>Nobody selected</source>
        <translation>未选中旅客</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>查验中</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>Selected: {reference}, {state}, {wait}</source>
        <translation>当前：{reference}，{state}，{wait}</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Queue on {lane}: {count} waiting</source>
        <translation>{lane} 排队：{count} 人等候</translation>
    </message>
    <message>
        <source>Nobody is selected in the queue</source>
        <translation>排队列表中未选中任何人</translation>
    </message>
    <message>
        <source>Nobody waits on this lane</source>
        <translation>本通道无人等候</translation>
    </message>
    <message>
        <source>No other open lane takes them</source>
        <translation>没有其他开放通道可接收</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} 人</translation>
    </message>
    <message>
        <source>Moved to {lane}: {references}</source>
        <translation>已分流至 {lane}：{references}</translation>
    </message>
    <message>
        <source>(undone)</source>
        <translation>（已撤销）</translation>
    </message>
    <message>
        <source>Nothing recorded here to undo</source>
        <translation>本台没有可撤销的记录</translation>
    </message>
    <message>
        <source>Undone: {reference}</source>
        <translation>已撤销：{reference}</translation>
    </message>
    <message>
        <source>Select a traveller in the queue to correct</source>
        <translation>请先在排队列表中选中要更正的旅客</translation>
    </message>
    <message>
        <source>Category corrected</source>
        <translation>类别已更正</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Scan or type the reference, then Enter</source>
        <translation>扫描或输入编号后按回车</translation>
    </message>
    <message>
        <source>document, ticket, plate or train number</source>
        <translation>证件号、排队号、车牌或车次</translation>
    </message>
    <message>
        <source>No lane is open. Open one on the lanes board (Ctrl+2).</source>
        <translation>没有开放的通道。请在通道页开放通道（Ctrl+2）。</translation>
    </message>
    <message>
        <source>(not open)</source>
        <translation>（未开放）</translation>
    </message>
    <message>
        <source>Lane {lane} is not open: scans here queue before opening (their wait counts from arrival); service starts once the lane opens.</source>
        <translation>通道 {lane} 未开放：此时扫描记为开放前排队（等候时间从到达起算）；通道开放后方可开始查验。</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>开始查验</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Undo last step</source>
        <translation>撤销上一步</translation>
    </message>
    <message>
        <source>Move to lane…</source>
        <translation>分流到通道…</translation>
    </message>
    <message>
        <source>Correct category…</source>
        <translation>更正类别…</translation>
    </message>
    <message>
        <source>Recorded at this desk</source>
        <translation>本台记录</translation>
    </message>
</context>
<context>
    <name>ClearanceStep</name>
    <message>
        <source>Joined queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>开始查验</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Moved to another lane</source>
        <translation>分流至其他通道</translation>
    </message>
</context>
<context>
    <name>CloseOutDialog</name>
    <message>
        <source>waiting {wait}</source>
        <translation>已等候 {wait}</translation>
    </message>
    <message>
        <source>Still in the queue: {count} (carried over to the next shift)</source>
        <translation>仍在排队：{count}（移交下一班）</translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count} (decide them first)</source>
        <translation>待审批的优先通关申请：{count}（须先审批）</translation>
    </message>
    <message>
        <source>12367 contacts waiting for a reply: {count}, {overdue} overdue (carried over to the next shift until answered; Ctrl+9)</source>
        <translation>12367待答复事项：{count} 件，其中已超期 {overdue} 件（答复前移交下一班；Ctrl+9）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最长</translation>
    </message>
    <message>
        <source>Within 30 min</source>
        <translation>30分钟内</translation>
    </message>
    <message>
        <source>Other travellers</source>
        <translation>其他旅客</translation>
    </message>
    <message>
        <source>{group}: {over} over {target} min</source>
        <translation>{group}超过{target}分钟{over}人次</translation>
    </message>
    <message>
        <source> ({waiting} still waiting)</source>
        <translation>（其中{waiting}人次仍在等候）</translation>
    </message>
    <message>
        <source> ({waiting} still at the desk)</source>
        <translation>（其中{waiting}人次仍在办理）</translation>
    </message>
    <message>
        <source>Joined {joined}, cleared {cleared}, referred {referred}, refused {refused}, not finished {open}. Over target, as of now: {targets}.</source>
        <translation>排队 {joined}，放行 {cleared}，移交处理 {referred}，不准出入境 {refused}，未办结 {open}。截至现在超过目标：{targets}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Over 30 min</source>
        <translation>超30分钟</translation>
    </message>
    <message>
        <source>Unserved (&gt;30)</source>
        <translation>未查验（&gt;30）</translation>
    </message>
    <message>
        <source>Waiting time, joined queue to service started, in minutes (rounded half up). ≥: includes someone still waiting past 30 minutes, with the wait so far.</source>
        <translation>候检时间（排队至开始查验），分钟，四舍五入。≥：含仍在等候且已超过30分钟者，按已等候时长计。</translation>
    </message>
    <message>
        <source>Special channels: {channels}. Priority clearance: {approved} approved, {rejected} rejected. Emergency passages: {emergencies}.</source>
        <translation>专用通道：{channels}。优先通关：批准 {approved}，驳回 {rejected}。应急通道：{emergencies} 次。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Shift closed at {time}. It is now read-only.</source>
        <translation>班次已于 {time} 交班关闭，现为只读。</translation>
    </message>
    <message>
        <source>Generate and print the shift report</source>
        <translation>生成并打印交班报告</translation>
    </message>
    <message>
        <source>Saved in the post&apos;s reports folder, then the print dialog.</source>
        <translation>报表保存到本站报表文件夹，随后打开打印对话框。</translation>
    </message>
    <message>
        <source>Shift report: not available yet</source>
        <translation>交班报告：尚不可用</translation>
    </message>
    <message>
        <source>The printed shift report comes with a later version of the desk; the shift&apos;s data is saved and will be in it.</source>
        <translation>打印交班报告将在后续版本提供；本班数据已保存，届时可生成。</translation>
    </message>
    <message>
        <source>Close out the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>1. Still open</source>
        <translation>1. 未完事项</translation>
    </message>
    <message>
        <source>2. Shift summary</source>
        <translation>2. 班次汇总</translation>
    </message>
    <message>
        <source>3. Handover and signature</source>
        <translation>3. 交接与签名</translation>
    </message>
    <message>
        <source>4. Shift report</source>
        <translation>4. 交班报告</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>审批…</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation>副队长警号</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation>副队长PIN码</translation>
    </message>
    <message>
        <source>Sign and close the shift</source>
        <translation>签名并交班</translation>
    </message>
    <message>
        <source>Signing stores the shift report&apos;s figures as of the close: the signed report never changes. A correction recorded later makes an amended report beside it.</source>
        <translation>签字即保存结班时的报告数据：签字版报告不再改变。此后记录的更正将另出更正版报告，与签字版并存。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <source>HQ</source>
        <translation>总站</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>本验证台</translation>
    </message>
    <message>
        <source>Another desk</source>
        <translation>本站另一验证台</translation>
    </message>
    <message>
        <source>This post</source>
        <translation>本站</translation>
    </message>
    <message>
        <source>(not shown)</source>
        <translation>（不显示）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>未采用的值</translation>
    </message>
    <message>
        <source>Won by</source>
        <translation>采用方</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ContactChannel</name>
    <message>
        <source>12367 phone</source>
        <translation>12367电话</translation>
    </message>
    <message>
        <source>On site</source>
        <translation>现场</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>网上</translation>
    </message>
</context>
<context>
    <name>ContactKind</name>
    <message>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>表扬</translation>
    </message>
</context>
<context>
    <name>CorrectCategoryDialog</name>
    <message>
        <source>Say why the category is corrected</source>
        <translation>请说明更正理由</translation>
    </message>
    <message>
        <source>Correct the category</source>
        <translation>更正类别</translation>
    </message>
    <message>
        <source>Correct the category of {reference}; the original entry is kept.</source>
        <translation>更正 {reference} 的类别；原记录保留。</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>Direction</name>
    <message>
        <source>Entry</source>
        <translation>入境</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>出境</translation>
    </message>
    <message>
        <source>Both ways</source>
        <translation>出入境双向</translation>
    </message>
</context>
<context>
    <name>DutyBox</name>
    <message>
        <source>no lane</source>
        <translation>未上通道</translation>
    </message>
    <message>
        <source>{badge} {name}: {lane} since {time}</source>
        <translation>{badge} {name}：{lane}（自{time}起）</translation>
    </message>
    <message>
        <source>Open lanes with no officer: {lanes}</source>
        <translation>已开放但无人执勤的通道：{lanes}</translation>
    </message>
    <message>
        <source>Every open lane has an officer.</source>
        <translation>每条开放通道均有人执勤。</translation>
    </message>
    <message>
        <source>Duty roster: who works which lane</source>
        <translation>执勤安排：人员与通道</translation>
    </message>
    <message>
        <source>Post to lane</source>
        <translation>上通道</translation>
    </message>
    <message>
        <source>Off lane</source>
        <translation>离开通道</translation>
    </message>
    <message>
        <source>Off duty</source>
        <translation>离岗</translation>
    </message>
</context>
<context>
    <name>EmergencyDetailsDialog</name>
    <message>
        <source>Emergency passage details</source>
        <translation>应急通道详情</translation>
    </message>
    <message>
        <source>Traveller or vehicle</source>
        <translation>旅客或车辆</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <source>Emergency passage</source>
        <translation>应急通道</translation>
    </message>
    <message>
        <source>Emergency passage: press the number</source>
        <translation>应急通道：请按数字键</translation>
    </message>
    <message>
        <source>Esc: cancel. Details can be added on the shift screen.</source>
        <translation>Esc：取消。详情可稍后在班次页补充。</translation>
    </message>
</context>
<context>
    <name>EmergencyKind</name>
    <message>
        <source>Altitude sickness</source>
        <translation>高原反应</translation>
    </message>
    <message>
        <source>Sudden illness</source>
        <translation>突发疾病</translation>
    </message>
    <message>
        <source>Injury</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Traveller category</source>
        <translation>旅客类别</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预报</translation>
    </message>
    <message>
        <source>Clearance</source>
        <translation>通关记录</translation>
    </message>
    <message>
        <source>Clearance step</source>
        <translation>通关环节</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Arrival time</source>
        <translation>抵达时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查单</translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划结束</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>执勤队</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>警员</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN码</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入PIN码</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前PIN码</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation>在岗状态</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Approving officer</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation>车牌、车次或团组</translation>
    </message>
    <message>
        <source>Priority approval</source>
        <translation>优先通关审批</translation>
    </message>
    <message>
        <source>Expected at</source>
        <translation>预计抵达</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>预计人数</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>预计车辆数</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运人</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>运输方式</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>货物类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>应急通道记录</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>口岸</translation>
    </message>
    <message>
        <source>Who moves</source>
        <translation>分流对象</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>分流</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Announced at</source>
        <translation>通报时间</translation>
    </message>
    <message>
        <source>Announced by</source>
        <translation>通报方</translation>
    </message>
    <message>
        <source>Travellers who came</source>
        <translation>实到旅客</translation>
    </message>
    <message>
        <source>Vehicles that came</source>
        <translation>实到车辆</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>统计方式</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>The two PINs differ</source>
        <translation>两次输入的PIN码不一致</translation>
    </message>
    <message>
        <source>Enter HQ&apos;s address with https://, e.g. https://hq.example.cn:8470</source>
        <translation>请填写以 https:// 开头的总站地址，例如 https://hq.example.cn:8470</translation>
    </message>
    <message>
        <source>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</source>
        <translation>请填写总站提供的一次性注册码，例如 K7QM-2XPA-9RTF-WD3H</translation>
    </message>
    <message>
        <source>Asking HQ and taking the post&apos;s roster…</source>
        <translation>正在联系总站并获取本站人员名册…</translation>
    </message>
    <message>
        <source>This desk is enrolled, but HQ has no officer of this port yet: create the post&apos;s first administrator.</source>
        <translation>本验证台已在总站注册，但总站尚无本口岸的任何人员：请创建本站的第一位管理员。</translation>
    </message>
    <message>
        <source>HQ did not answer at {url}: check the address and the link.</source>
        <translation>总站 {url} 没有应答：请检查地址和网络连接。</translation>
    </message>
    <message>
        <source>HQ did not accept this code: it is unknown, already used or expired. Ask HQ for a new one.</source>
        <translation>总站不接受此注册码：注册码无效、已使用或已过期。请向总站索取新的注册码。</translation>
    </message>
    <message>
        <source>This code is for another port: choose the port it was made for.</source>
        <translation>此注册码属于其他口岸：请选择注册码对应的口岸。</translation>
    </message>
    <message>
        <source>Joining failed: {detail}</source>
        <translation>加入失败：{detail}</translation>
    </message>
    <message>
        <source>Set up this desk</source>
        <translation>设置本验证台</translation>
    </message>
    <message>
        <source>A new post: this is its first desk</source>
        <translation>新站：这是本站的第一个验证台</translation>
    </message>
    <message>
        <source>Join a post that already has desks</source>
        <translation>加入已有验证台的本站</translation>
    </message>
    <message>
        <source>No post database was found in {path}. Choose the port, and enter the address of HQ or of this post&apos;s hub (Find the post&apos;s hub looks for it on this network) and a one-time code for this desk (checkpoint-hq enroll --port …): the desk enrols, takes the post&apos;s roster from HQ or the hub, and officers sign in with the badges and PINs they already have.</source>
        <translation>在 {path} 中未找到口岸数据库。请选择口岸，输入总部或本口岸集线器的地址（“查找本口岸集线器”可在本网络中查找）以及本工作台的一次性注册码（checkpoint-hq enroll --port …）：工作台注册后从总部或集线器取得本口岸的人员名册，警员用原有警号和 PIN 登录。</translation>
    </message>
    <message>
        <source>HQ&apos;s or the post&apos;s hub&apos;s address</source>
        <translation>总部或本口岸集线器地址</translation>
    </message>
    <message>
        <source>No post database was found in {path}. Choose the port this desk serves and create the first administrator; the administrator then adds the roster.</source>
        <translation>在 {path} 中没有找到本站数据库。请选择本验证台所在口岸并创建第一位管理员；之后由管理员添加人员名册。</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <source>Join the post</source>
        <translation>加入本站</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>口岸</translation>
    </message>
    <message>
        <source>Administrator&apos;s badge number</source>
        <translation>管理员警号</translation>
    </message>
    <message>
        <source>Administrator&apos;s name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <source>PIN (4 to 8 digits)</source>
        <translation>PIN码（4至8位数字）</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入PIN码</translation>
    </message>
    <message>
        <source>Create the post</source>
        <translation>创建本站</translation>
    </message>
</context>
<context>
    <name>ForecastDialog</name>
    <message>
        <source>New forecast</source>
        <translation>新增预报</translation>
    </message>
    <message>
        <source>Edit forecast</source>
        <translation>修改预报</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>运输方式</translation>
    </message>
    <message>
        <source>Plate, train or flight number</source>
        <translation>车牌、车次或航班号</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运人</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Expected at (port time)</source>
        <translation>预计抵达（口岸时间）</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>预计人数</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>预计车辆数</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>货物类别</translation>
    </message>
    <message>
        <source>Announced by (source)</source>
        <translation>通报来源</translation>
    </message>
    <message>
        <source>Announced at (port time)</source>
        <translation>通报时间（口岸时间）</translation>
    </message>
    <message>
        <source>Announced by (name, office)</source>
        <translation>通报单位或人员</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>HQ created this forecast and owns its schedule: the greyed fields can be changed only at HQ (a change made here would lose to HQ&apos;s). Notes, arrival and pre-inspection are this post&apos;s.</source>
        <translation>此预报由总站创建，其计划信息归总站管理：灰色字段只能在总站修改（本站的修改会被总站版本覆盖）。备注、抵达和预检状态由本站填写。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ForecastModel</name>
    <message>
        <source>Expected</source>
        <translation>预计抵达</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Group on
arrival</source>
        <translation>实到
人数</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>通报</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运人</translation>
    </message>
    <message>
        <source>Announced {time} by {source}</source>
        <translation>{time} 由{source}通报</translation>
    </message>
    <message>
        <source>Entered here {time}</source>
        <translation>本台录入 {time}</translation>
    </message>
    <message>
        <source>Travellers
forecast / actual</source>
        <translation>人数
预报/实际</translation>
    </message>
    <message>
        <source>Vehicles
forecast / actual</source>
        <translation>车辆
预报/实际</translation>
    </message>
    <message>
        <source>Pre-
inspection</source>
        <translation>预检</translation>
    </message>
    <message>
        <source>Delay
(min)</source>
        <translation>偏差
（分）</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>货物</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>实际抵达</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>到达情况</translation>
    </message>
</context>
<context>
    <name>ForecastSource</name>
    <message>
        <source>HQ</source>
        <translation>总站</translation>
    </message>
    <message>
        <source>Overseas border authority</source>
        <translation>境外口岸</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运人</translation>
    </message>
    <message>
        <source>Entered here</source>
        <translation>本台录入</translation>
    </message>
</context>
<context>
    <name>ForecastStatus</name>
    <message>
        <source>Expected</source>
        <translation>待抵达</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已抵达</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>ForecastsPage</name>
    <message>
        <source>Select a forecast first</source>
        <translation>请先选中一条预报</translation>
    </message>
    <message>
        <source>Forecast {reference} saved</source>
        <translation>预报 {reference} 已保存</translation>
    </message>
    <message>
        <source>{reference} arrived</source>
        <translation>{reference} 已抵达</translation>
    </message>
    <message>
        <source>Forecasts: today and tomorrow</source>
        <translation>预报：今天和明天</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>运输方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Search reference or carrier</source>
        <translation>搜索编号或承运人</translation>
    </message>
    <message>
        <source>All modes</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>New forecast</source>
        <translation>新增预报</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Arrived, group size…</source>
        <translation>登记抵达、实到人数…</translation>
    </message>
    <message>
        <source>Assign to lane…</source>
        <translation>分配通道…</translation>
    </message>
    <message>
        <source>Set pre-inspection</source>
        <translation>设置预检状态</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>24 hours</source>
        <translation>全天 24 小时</translation>
    </message>
    <message>
        <source>Port suspended until {last}</source>
        <translation>口岸暂停通关，至 {last}</translation>
    </message>
    <message>
        <source>Port suspended until further notice</source>
        <translation>口岸暂停通关，恢复时间另行通知</translation>
    </message>
    <message>
        <source>Port closed: the season is {first} – {last}</source>
        <translation>口岸季节性关闭：开放期 {first} 至 {last}</translation>
    </message>
    <message>
        <source>Seasonal port, open until {last}, {hours}</source>
        <translation>季节性开放口岸，开放至 {last}，{hours}</translation>
    </message>
    <message>
        <source>Port closed now; hours {hours}</source>
        <translation>口岸当前未开放；开放时间 {hours}</translation>
    </message>
    <message>
        <source>Port open, {hours}</source>
        <translation>口岸开放，{hours}</translation>
    </message>
    <message>
        <source>Next hour:
computing…</source>
        <translation>未来一小时：
预判中…</translation>
    </message>
    <message>
        <source>Next hour:
no queue predicted</source>
        <translation>未来一小时：
预计无排队</translation>
    </message>
    <message>
        <source>Next hour P90 ≈ {minutes} min
{queue}</source>
        <translation>未来一小时P90≈{minutes}分钟
{queue}</translation>
    </message>
    <message>
        <source>entry travellers</source>
        <translation>入境旅客</translation>
    </message>
    <message>
        <source>exit travellers</source>
        <translation>出境旅客</translation>
    </message>
    <message>
        <source>entry vehicles</source>
        <translation>入境车辆</translation>
    </message>
    <message>
        <source>exit vehicles</source>
        <translation>出境车辆</translation>
    </message>
    <message>
        <source>entry trains</source>
        <translation>入境列车</translation>
    </message>
    <message>
        <source>exit trains</source>
        <translation>出境列车</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>当前无进行中的班次</translation>
    </message>
    <message>
        <source>Shift: {team}, open since {time}</source>
        <translation>班次：{team}，{time} 起</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Officer: {name} ({badge}), {role}</source>
        <translation>警员：{name}（{badge}），{role}</translation>
    </message>
    <message>
        <source>Lock  [Ctrl+L]</source>
        <translation>锁屏  [Ctrl+L]</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Switch the language of the whole desk</source>
        <translation>切换整个验证台的语言</translation>
    </message>
</context>
<context>
    <name>HubControl</name>
    <message>
        <source>Starting the hub…</source>
        <translation>正在启动集线器…</translation>
    </message>
    <message>
        <source>The hub runs on this computer at port {port}, over TLS (certificate fingerprint {fingerprint}): the post&apos;s desks join it with this computer&apos;s address (it announces itself on the network) and a code from checkpoint-hq enroll --tls-dir hub/tls, which carries the fingerprint.</source>
        <translation>集线器在本机端口 {port} 上以 TLS 运行（证书指纹 {fingerprint}）：本口岸各工作台用本机地址（集线器会在网络上自行通告）和 checkpoint-hq enroll --tls-dir hub/tls 生成的代码加入，代码中带有该指纹。</translation>
    </message>
    <message>
        <source>The hub did not start: {detail}</source>
        <translation>集线器未能启动：{detail}</translation>
    </message>
    <message>
        <source>The hub is stopped.</source>
        <translation>集线器已停止。</translation>
    </message>
    <message>
        <source>This post&apos;s hub</source>
        <translation>本口岸集线器</translation>
    </message>
    <message>
        <source>Run the post&apos;s hub on this computer</source>
        <translation>在本机运行本口岸集线器</translation>
    </message>
</context>
<context>
    <name>HubFinder</name>
    <message>
        <source>Looking for the hub of {port} on this network…</source>
        <translation>正在本网络中查找 {port} 的集线器…</translation>
    </message>
    <message>
        <source>No hub answered on this network: type the address on the hub&apos;s label.</source>
        <translation>本网络中没有集线器应答：请输入集线器标签上的地址。</translation>
    </message>
    <message>
        <source>Found {name}.</source>
        <translation>已找到 {name}。</translation>
    </message>
    <message>
        <source>Could not search this network: {error}</source>
        <translation>无法搜索本网络：{error}</translation>
    </message>
    <message>
        <source>Find the post&apos;s hub</source>
        <translation>查找本口岸集线器</translation>
    </message>
</context>
<context>
    <name>LaneGroup</name>
    <message>
        <source>Entry travellers</source>
        <translation>入境旅客</translation>
    </message>
    <message>
        <source>Exit travellers</source>
        <translation>出境旅客</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Trains</source>
        <translation>列车</translation>
    </message>
</context>
<context>
    <name>LaneKind</name>
    <message>
        <source>Regular</source>
        <translation>普通通道</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Fast lane</source>
        <translation>快速通道</translation>
    </message>
    <message>
        <source>Belt and Road</source>
        <translation>一带一路专用通道</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>应急通道</translation>
    </message>
    <message>
        <source>Priority clearance</source>
        <translation>优先通关通道</translation>
    </message>
    <message>
        <source>Over-60s lane</source>
        <translation>60岁以上旅客通道</translation>
    </message>
    <message>
        <source>Crew lane</source>
        <translation>乘务员通道</translation>
    </message>
</context>
<context>
    <name>LaneModel</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>受理对象</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>查验中</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>LaneSubjects</name>
    <message>
        <source>Travellers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <source>Vehicles and trains</source>
        <translation>车辆和列车</translation>
    </message>
    <message>
        <source>Travellers and vehicles</source>
        <translation>旅客和车辆</translation>
    </message>
</context>
<context>
    <name>LanesPage</name>
    <message>
        <source>Select a lane first</source>
        <translation>请先选中一条通道</translation>
    </message>
    <message>
        <source>Lane {lane} opened</source>
        <translation>通道 {lane} 已开放</translation>
    </message>
    <message>
        <source>Lane {lane} closed</source>
        <translation>通道 {lane} 已关闭</translation>
    </message>
    <message>
        <source>{count} moved from {source} to {lane}</source>
        <translation>已从 {source} 分流 {count} 人至 {lane}</translation>
    </message>
    <message>
        <source>Lanes and special channels</source>
        <translation>通道与专用通道</translation>
    </message>
    <message>
        <source>Open lane</source>
        <translation>开放通道</translation>
    </message>
    <message>
        <source>Close lane</source>
        <translation>关闭通道</translation>
    </message>
    <message>
        <source>Assign arrival…</source>
        <translation>分配到达车辆/团组…</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>应急通道</translation>
    </message>
</context>
<context>
    <name>Level</name>
    <message>
        <source>Within target</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Amber: open a lane</source>
        <translation>黄色预警：请增开通道</translation>
    </message>
    <message>
        <source>Red: emergency plan</source>
        <translation>红色预警：启动应急预案</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation>验证台</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN码</translation>
    </message>
    <message>
        <source>Sign in  [Enter]</source>
        <translation>登录  [回车]</translation>
    </message>
    <message>
        <source>Type or scan your badge, press Enter, then type your PIN and press Enter.</source>
        <translation>输入或扫描警号后按回车，再输入PIN码并按回车。</translation>
    </message>
    <message>
        <source>Screen locked after inactivity ({name} was signed in). Sign in to continue.</source>
        <translation>长时间无操作，屏幕已锁定（原登录人：{name}）。请登录后继续。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This database was written by a newer version of Checkpoint Desk and was left untouched. Install the newer version.

{detail}</source>
        <translation>该数据库由更新版本的验证台软件写入，未作任何改动。请安装新版本。

{detail}</translation>
    </message>
    <message>
        <source>Checkpoint Desk cannot use this post&apos;s database, and left it as it is.

{detail}</source>
        <translation>验证台软件无法使用本站的数据库，数据库未作任何改动。

{detail}</translation>
    </message>
    <message>
        <source>Post created. Sign in as the administrator.</source>
        <translation>本站已创建。请以管理员身份登录。</translation>
    </message>
    <message>
        <source>Joined the post: {count} officers came from HQ. Sign in with your badge.</source>
        <translation>已加入本站：从总站获得 {count} 名人员。请用您的警号登录。</translation>
    </message>
    <message>
        <source>Signed in: {name}, {role}</source>
        <translation>已登录：{name}，{role}</translation>
    </message>
    <message>
        <source>Emergency passage recorded: {kind}, {time}</source>
        <translation>已记录应急通道：{kind}，{time}</translation>
    </message>
    <message>
        <source>{subject} assigned</source>
        <translation>{subject} 已分配通道</translation>
    </message>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation>验证台</translation>
    </message>
    <message>
        <source>Opening the post&apos;s database…</source>
        <translation>正在打开本站数据库…</translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <source>Road</source>
        <translation>公路</translation>
    </message>
    <message>
        <source>Rail</source>
        <translation>铁路</translation>
    </message>
    <message>
        <source>Air</source>
        <translation>航空</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Nobody to move, or no lane to move to</source>
        <translation>没有可分流的人员或通道</translation>
    </message>
    <message>
        <source>Move to another lane</source>
        <translation>分流到其他通道</translation>
    </message>
    <message>
        <source>Send people waiting at {lane} on to another lane. Their wait runs on from when they joined; the move is recorded with your name and can be undone.</source>
        <translation>将在 {lane} 等候的人员分流到其他通道。等候时间仍从排队起算；分流连同您的姓名一并记录，可撤销。</translation>
    </message>
    <message>
        <source>Lane {lane} is open. Move the last {count} from {source}?</source>
        <translation>通道 {lane} 已开放。是否将 {source} 队尾 {count} 人分流过来？</translation>
    </message>
    <message>
        <source>To lane</source>
        <translation>分流至</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>The selected {count}: {references}</source>
        <translation>选中的 {count} 人：{references}</translation>
    </message>
    <message>
        <source>The selected (nobody selected)</source>
        <translation>选中的人员（未选中）</translation>
    </message>
    <message>
        <source>The last to join, of {waiting} waiting:</source>
        <translation>队尾人数（共 {waiting} 人等候）：</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>A lane opened for this queue</source>
        <translation>为此队列增开了通道</translation>
    </message>
    <message>
        <source>Evening out the queues</source>
        <translation>均衡各通道队列</translation>
    </message>
</context>
<context>
    <name>OfficerDialog</name>
    <message>
        <source>The two PINs differ</source>
        <translation>两次输入的PIN码不一致</translation>
    </message>
    <message>
        <source>Add an officer</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Edit officer {badge}</source>
        <translation>修改人员 {badge}</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>First PIN (4 to 8 digits)</source>
        <translation>初始PIN码（4至8位数字）</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入PIN码</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OfficerModel</name>
    <message>
        <source>Badge</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation>在岗状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>OfficersPage</name>
    <message>
        <source>Put back on the roster</source>
        <translation>恢复在岗</translation>
    </message>
    <message>
        <source>Take off the roster</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Select an officer first</source>
        <translation>请先选择一名人员</translation>
    </message>
    <message>
        <source>Roster: {badge} saved</source>
        <translation>人员名册：{badge} 已保存</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>人员名册</translation>
    </message>
    <message>
        <source>Only an administrator adds officers, changes roles and resets PINs. You can change your own PIN.</source>
        <translation>只有系统管理员可以添加人员、更改职务和重置PIN码。您可以修改自己的PIN码。</translation>
    </message>
    <message>
        <source>Show officers taken off the roster</source>
        <translation>显示已停用人员</translation>
    </message>
    <message>
        <source>Add officer…</source>
        <translation>添加人员…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>重置PIN码…</translation>
    </message>
    <message>
        <source>Change my PIN…</source>
        <translation>修改我的PIN码…</translation>
    </message>
</context>
<context>
    <name>OpenContactModel</name>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Reply by</source>
        <translation>答复时限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待答复</translation>
    </message>
    <message>
        <source>carried over</source>
        <translation>上班遗留</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Cleared</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Open over a failed check</source>
        <translation>带故障开班</translation>
    </message>
    <message>
        <source>{item} failed: {note}. The shift opens only if a deputy captain takes it over with a reason; the decision is signed with the PIN, audited and printed in the shift report.</source>
        <translation>{item}不合格：{note}。须由副队长说明理由决定接班，班次方可开启；该决定以PIN码签字，记入审计日志并打印在班次报告中。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation>副队长警号</translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation>副队长PIN码</translation>
    </message>
    <message>
        <source>Override and allow opening</source>
        <translation>决定带故障开班</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>The two PINs differ</source>
        <translation>两次输入的PIN码不一致</translation>
    </message>
    <message>
        <source>Change my PIN</source>
        <translation>修改我的PIN码</translation>
    </message>
    <message>
        <source>Type your current PIN, then the new one twice.</source>
        <translation>请输入当前PIN码，再输入两次新PIN码。</translation>
    </message>
    <message>
        <source>Reset a PIN</source>
        <translation>重置PIN码</translation>
    </message>
    <message>
        <source>New PIN for {name} ({badge}). Give it to them in person; a lock-out after wrong PINs is lifted.</source>
        <translation>为 {name}（{badge}）设置新PIN码。请当面交给本人；因输错PIN码而被锁定的状态将同时解除。</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前PIN码</translation>
    </message>
    <message>
        <source>New PIN (4 to 8 digits)</source>
        <translation>新PIN码（4至8位数字）</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再次输入新PIN码</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <source>The plan could not be computed: {error}</source>
        <translation>预判未能完成：{error}</translation>
    </message>
    <message>
        <source>Computing the plan…</source>
        <translation>预判中…</translation>
    </message>
    <message>
        <source>Plan for the next {hours} hours from {time} (computed in {ms} ms); officers needed now: {officers}</source>
        <translation>自{time}起未来{hours}小时的预判（用时{ms}毫秒）；当前所需执勤人员：{officers}名</translation>
    </message>
    <message>
        <source>No advice: every queue stays within its limit</source>
        <translation>暂无建议：各队列预计均在限值之内</translation>
    </message>
    <message>
        <source>Entry travellers</source>
        <translation>入境旅客</translation>
    </message>
    <message>
        <source>Exit travellers</source>
        <translation>出境旅客</translation>
    </message>
    <message>
        <source>Entry vehicles</source>
        <translation>入境车辆</translation>
    </message>
    <message>
        <source>Exit vehicles</source>
        <translation>出境车辆</translation>
    </message>
    <message>
        <source>Entry trains</source>
        <translation>入境列车</translation>
    </message>
    <message>
        <source>Exit trains</source>
        <translation>出境列车</translation>
    </message>
    <message>
        <source>Plan ahead of the queue</source>
        <translation>排队预判</translation>
    </message>
    <message>
        <source>Advice (Enter: take · Delete: dismiss)</source>
        <translation>建议（Enter：采纳 · Delete：忽略）</translation>
    </message>
    <message>
        <source>Take  [Enter]</source>
        <translation>采纳  [Enter]</translation>
    </message>
    <message>
        <source>Dismiss  [Delete]</source>
        <translation>忽略  [Delete]</translation>
    </message>
    <message>
        <source>Recompute  [F5]</source>
        <translation>重新预判  [F5]</translation>
    </message>
    <message>
        <source>Bars: expected arrivals per 15 minutes (whisker: one standard deviation). Red: predicted P90 wait with the lanes open now; green dashed: had the advice been taken; dots: actual P90 of the hours before; amber dotted: the limit. Grey steps: lanes open.</source>
        <translation>柱：每15分钟预计到达人数（细线：一个标准差）。红线：按当前开放通道预计的P90候检时间；绿色虚线：采纳建议后；圆点：此前各时段实际P90；黄色点线：限值。灰色阶梯：开放通道数。</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>lanes</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>P90 (min)</source>
        <translation>P90（分钟）</translation>
    </message>
    <message>
        <source>arrivals</source>
        <translation>到达</translation>
    </message>
</context>
<context>
    <name>PreInspection</name>
    <message>
        <source>Pending</source>
        <translation>待预检</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>预检中</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>预检通过</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>预检异常</translation>
    </message>
</context>
<context>
    <name>QueueBox</name>
    <message>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Target {minutes} min</source>
        <translation>目标 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} 人等候</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{lane} (moved)</source>
        <translation>{lane}（分流）</translation>
    </message>
    <message>
        <source>▶ In service</source>
        <translation>▶ 查验中</translation>
    </message>
    <message>
        <source>○ Waiting, queued before opening</source>
        <translation>○ 等候中（开放前排队）</translation>
    </message>
    <message>
        <source>○ Waiting</source>
        <translation>○ 等候中</translation>
    </message>
</context>
<context>
    <name>RecordSync</name>
    <message>
        <source>Set aside</source>
        <translation>暂存</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>From HQ</source>
        <translation>来自总站</translation>
    </message>
    <message>
        <source>HQ refused a change made here, or it waits for one: see Sync (Ctrl+6)</source>
        <translation>总站拒收了本站的修改，或该修改在等待被拒收的记录：请查看同步（Ctrl+6）</translation>
    </message>
    <message>
        <source>Changed here; HQ does not have the change yet</source>
        <translation>本站已修改，总站尚未收到</translation>
    </message>
    <message>
        <source>Every change made here is at HQ</source>
        <translation>本站的全部修改总站均已收到</translation>
    </message>
    <message>
        <source>Came from HQ; not changed here</source>
        <translation>来自总站，本站未修改</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <source>Reading the data…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <translation>正在计算统计数据…</translation>
    </message>
    <message>
        <source>Laying out the pages…</source>
        <translation>正在版面排布…</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>正在写入PDF…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled: no report was written.</source>
        <translation>已取消：未写入任何报表。</translation>
    </message>
    <message>
        <source>This shift is not in this post&apos;s database.</source>
        <translation>本口岸数据库中没有这个班次。</translation>
    </message>
    <message>
        <source>The report could not be saved: {error}</source>
        <translation>报表无法保存：{error}</translation>
    </message>
    <message>
        <source>The report failed: {error}</source>
        <translation>报表生成失败：{error}</translation>
    </message>
    <message>
        <source>No PDF viewer could open {path}.</source>
        <translation>没有可以打开 {path} 的PDF阅读器。</translation>
    </message>
    <message>
        <source>Printing cancelled; the report is saved.</source>
        <translation>已取消打印；报表已保存。</translation>
    </message>
    <message>
        <source>Sending the pages to the printer…</source>
        <translation>正在向打印机发送页面…</translation>
    </message>
    <message>
        <source>Page {page} of {pages} sent</source>
        <translation>已发送第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>{pages} pages sent to {printer}.</source>
        <translation>已向 {printer} 发送 {pages} 页。</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>打开PDF</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>{name} was already saved, byte for byte the same: a closed shift&apos;s or a past day&apos;s report is reproducible (the same data gives the same PDF), so the saved file was kept. {pages} pages, data hash {hash}.</source>
        <translation>{name} 已保存过，且与本次生成的逐字节相同：已交班班次或已结束日期的报表可以复现（相同数据生成相同的PDF），因此保留原文件。共 {pages} 页，数据校验 {hash}。</translation>
    </message>
    <message>
        <source>Saved {name}: an amended report ({pages} pages, data hash {hash}). Corrections were recorded after the close-out; every page says amended and the changes against the signed report (data hash {signed}) are listed up front. The signed report stays as {existing}.</source>
        <translation>已保存 {name}：更正版报告（共 {pages} 页，数据校验 {hash}）。结班签字后有更正记录；每页均标明“更正版”，与签字版（数据校验 {signed}）相比的改动列在报告开头。签字版报告仍保存为 {existing}。</translation>
    </message>
    <message>
        <source>{existing} differs from this report: the data changed since it was saved (a correction recorded after the day was over) or another version of the desk made it. That file was kept and this report saved beside it as {name}. {pages} pages, data hash {hash}.</source>
        <translation>{existing} 与本报告不同：保存后数据有变化（当日结束后记录的更正），或由另一版本的软件生成。该文件已保留，本报告另存为 {name}。共 {pages} 页，数据校验 {hash}。</translation>
    </message>
    <message>
        <source>Saved {name}: {pages} pages, data hash {hash}. It replaces the earlier provisional report.</source>
        <translation>已保存 {name}：共 {pages} 页，数据校验 {hash}。它替换了之前的临时报表。</translation>
    </message>
    <message>
        <source>Saved {name}: {pages} pages, data hash {hash}.</source>
        <translation>已保存 {name}：共 {pages} 页，数据校验 {hash}。</translation>
    </message>
    <message>
        <source>Amended: corrected after the close-out signed with data hash {signed}.</source>
        <translation>更正版：结班签字（数据校验 {signed}）后有更正。</translation>
    </message>
    <message>
        <source>Provisional: the period is not over yet, and every page of the report says so.</source>
        <translation>临时报表：该时段尚未结束，报表每一页都有标注。</translation>
    </message>
    <message>
        <source>Reports are saved in {folder}</source>
        <translation>报表保存在 {folder}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Choose a shift in the list, or a day.</source>
        <translation>请在列表中选择一个班次，或选择一天。</translation>
    </message>
    <message>
        <source>The folder could not be opened: {folder}</source>
        <translation>无法打开文件夹：{folder}</translation>
    </message>
    <message>
        <source>Shifts since {date}, newest first. A closed shift gives the final report; the open shift a provisional one.</source>
        <translation>{date} 以来的班次，最新的在前。已交班的班次生成正式报表；进行中的班次生成临时报表。</translation>
    </message>
    <message>
        <source>The day is not over: the report will be provisional.</source>
        <translation>当天尚未结束：报表将为临时报表。</translation>
    </message>
    <message>
        <source>in Chinese</source>
        <translation>中文版</translation>
    </message>
    <message>
        <source>in English</source>
        <translation>英文版</translation>
    </message>
    <message>
        <source>Daily report for {day}, {language}</source>
        <translation>{day} 口岸日报，{language}</translation>
    </message>
    <message>
        <source>Shift report: {team}, from {start}, {language}</source>
        <translation>班次报告：{team}，{start} 起，{language}</translation>
    </message>
    <message>
        <source>The shift is still open: the report will be provisional, as of now.</source>
        <translation>该班次尚未结班：报告为截至现在的临时报表。</translation>
    </message>
    <message>
        <source>The report as signed at close-out; corrections recorded since make an amended report, saved beside it.</source>
        <translation>结班时签字的报告；此后记录的更正将另出更正版报告，与其并存。</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Show earlier shifts</source>
        <translation>显示更早的班次</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Report on</source>
        <translation>报表对象</translation>
    </message>
    <message>
        <source>the shift chosen on the left</source>
        <translation>左侧选中的班次</translation>
    </message>
    <message>
        <source>a whole day</source>
        <translation>整天</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Redacted (for copies that leave the post)</source>
        <translation>遮蔽编号（用于带出口岸的副本）</translation>
    </message>
    <message>
        <source>Traveller references masked, e.g. E482****70; the file name ends in -redacted</source>
        <translation>旅客证件号等编号已遮蔽，例如 E482****70；文件名以 -redacted 结尾</translation>
    </message>
    <message>
        <source>The port&apos;s calendar day ({zone}), midnight to midnight, with every shift that overlaps it.</source>
        <translation>口岸当地日历日（{zone}），零点至零点，包括与之重叠的所有班次。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Open the reports folder</source>
        <translation>打开报表文件夹</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Deputy captain</source>
        <translation>副队长</translation>
    </message>
    <message>
        <source>Captain</source>
        <translation>队长</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
</context>
<context>
    <name>RuleDetail</name>
    <message>
        <source>joined queue</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <source>service started</source>
        <translation>开始查验时间</translation>
    </message>
    <message>
        <source>shift start</source>
        <translation>班次开始时间</translation>
    </message>
    <message>
        <source>planned start</source>
        <translation>计划开始时间</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>查验中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>already corrected</source>
        <translation>已被更正</translation>
    </message>
    <message>
        <source>start service</source>
        <translation>开始查验</translation>
    </message>
    <message>
        <source>finish</source>
        <translation>完成查验</translation>
    </message>
    <message>
        <source>correct it</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>move it</source>
        <translation>分流</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>已分流</translation>
    </message>
    <message>
        <source>undo it</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>undone already</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>undo the move</source>
        <translation>撤销分流</translation>
    </message>
    <message>
        <source>a subject</source>
        <translation>同一人员</translation>
    </message>
    <message>
        <source>start + 24 h</source>
        <translation>开始后24小时</translation>
    </message>
    <message>
        <source>now - 2 days</source>
        <translation>两天前</translation>
    </message>
    <message>
        <source>now + 60 days</source>
        <translation>60天后</translation>
    </message>
    <message>
        <source>not decided by an authorised role</source>
        <translation>审批人无审批权限</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>is required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>must be at most {limit} characters</source>
        <translation>最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>must be between {low} and {high}</source>
        <translation>须在 {low} 与 {high} 之间</translation>
    </message>
    <message>
        <source>does not exist at this port</source>
        <translation>本口岸没有此项</translation>
    </message>
    <message>
        <source>is in the future (more than {tolerance_s} s ahead of this desk&apos;s clock)</source>
        <translation>时间晚于本机时钟超过 {tolerance_s} 秒</translation>
    </message>
    <message>
        <source>is too far in the past (earlier than {limit})</source>
        <translation>时间过早（早于 {limit}）</translation>
    </message>
    <message>
        <source>must not be earlier than {after} ({after_at})</source>
        <translation>不得早于{after}（{after_at}）</translation>
    </message>
    <message>
        <source>lane {lane} is closed</source>
        <translation>通道 {lane} 已关闭</translation>
    </message>
    <message>
        <source>lane {lane} is already open</source>
        <translation>通道 {lane} 已经开放</translation>
    </message>
    <message>
        <source>lane {lane} still has {waiting} in its queue</source>
        <translation>通道 {lane} 仍有 {waiting} 个在排队</translation>
    </message>
    <message>
        <source>{officer} works lane {lane} already; move them, not a second lane</source>
        <translation>{officer}已在{lane}通道执勤；请调岗，不能同时上两条通道</translation>
    </message>
    <message>
        <source>{officer} is not on duty in this shift</source>
        <translation>{officer}本班次未在岗</translation>
    </message>
    <message>
        <source>{officer} is on duty already</source>
        <translation>{officer}已在岗</translation>
    </message>
    <message>
        <source>must not be earlier than {officer}&apos;s last posting ({last_at})</source>
        <translation>不得早于{officer}上一次岗位变动（{last_at}）</translation>
    </message>
    <message>
        <source>lane {lane} takes {subjects}, not {subject_kind}</source>
        <translation>通道 {lane} 受理{subjects}，不受理{subject_kind}</translation>
    </message>
    <message>
        <source>lane {lane} is for {lane_direction}, not {direction}</source>
        <translation>通道 {lane} 用于{lane_direction}，不是{direction}</translation>
    </message>
    <message>
        <source>there is no open shift at this port</source>
        <translation>本口岸当前没有进行中的班次</translation>
    </message>
    <message>
        <source>is before the open shift started ({shift_start})</source>
        <translation>早于当前班次开始时间（{shift_start}）</translation>
    </message>
    <message>
        <source>another shift is already open ({shift})</source>
        <translation>已有其他班次在进行中（{shift}）</translation>
    </message>
    <message>
        <source>the shift is {state}, it must be {expected}</source>
        <translation>班次状态为“{state}”，应为“{expected}”</translation>
    </message>
    <message>
        <source>the shift is closed; only corrections with a reason are accepted</source>
        <translation>班次已交班关闭；只接受附理由的更正</translation>
    </message>
    <message>
        <source>checklist items without a result: {missing}</source>
        <translation>以下检查项尚无结果：{missing}</translation>
    </message>
    <message>
        <source>required checks failed: {failed}; a deputy captain must override each with a reason</source>
        <translation>必检项目不合格：{failed}；须由副队长逐项说明理由决定带故障开班</translation>
    </message>
    <message>
        <source>{item} is not a failed required check; nothing to override</source>
        <translation>{item}不是不合格的必检项目，无需决定</translation>
    </message>
    <message>
        <source>a failed check needs a note saying what failed</source>
        <translation>检查不通过时须注明原因</translation>
    </message>
    <message>
        <source>{reference} is already in the queue on lane {lane}</source>
        <translation>{reference} 已在通道 {lane} 排队</translation>
    </message>
    <message>
        <source>this clearance is {state}; {step} is not possible</source>
        <translation>该记录状态为“{state}”，不能{step}</translation>
    </message>
    <message>
        <source>{reference} is already on lane {lane}</source>
        <translation>{reference} 已在通道 {lane}</translation>
    </message>
    <message>
        <source>needs one of the roles {roles}; {officer} is {role}</source>
        <translation>需要以下角色之一：{roles}；{officer} 的角色是{role}</translation>
    </message>
    <message>
        <source>a request cannot be approved by the officer who made it</source>
        <translation>申请人不能审批本人的申请</translation>
    </message>
    <message>
        <source>a priority lane needs an approved priority clearance</source>
        <translation>优先通关通道须有已批准的优先通关审批</translation>
    </message>
    <message>
        <source>the approval is {decision}</source>
        <translation>该审批状态为“{decision}”</translation>
    </message>
    <message>
        <source>this approval was already used for an assignment</source>
        <translation>该审批已被使用</translation>
    </message>
    <message>
        <source>the approval is for {approved}, not {subject_ref}</source>
        <translation>该审批针对 {approved}，不是 {subject_ref}</translation>
    </message>
    <message>
        <source>{count} priority request(s) still wait for a decision</source>
        <translation>还有 {count} 个优先通关申请待审批</translation>
    </message>
    <message>
        <source>badge number or PIN is wrong</source>
        <translation>警号或PIN码错误</translation>
    </message>
    <message>
        <source>too many wrong PINs; locked until {until}</source>
        <translation>PIN码错误次数过多，已锁定至 {until}</translation>
    </message>
    <message>
        <source>must be {low} to {high} digits</source>
        <translation>须为 {low} 至 {high} 位数字</translation>
    </message>
    <message>
        <source>{value} is already used</source>
        <translation>{value} 已被使用</translation>
    </message>
    <message>
        <source>officer {badge_no} is not active</source>
        <translation>警员 {badge_no} 已停用</translation>
    </message>
    <message>
        <source>{badge_no} is the post&apos;s last active admin; make another admin first</source>
        <translation>{badge_no} 是本口岸最后一名在岗的系统管理员；请先指定另一名管理员</translation>
    </message>
    <message>
        <source>the forecast is {status}</source>
        <translation>该预报状态为“{status}”</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation>须为以下之一：{choices}</translation>
    </message>
    <message>
        <source>must be {expected}</source>
        <translation>必须是{expected}</translation>
    </message>
    <message>
        <source>this contact was already answered</source>
        <translation>该事项已答复</translation>
    </message>
    <message>
        <source>must not contain control or text-direction characters (found {char})</source>
        <translation>不能包含控制字符或文字方向字符（发现 {char}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field}：{message}</translation>
    </message>
</context>
<context>
    <name>ServiceLinePage</name>
    <message>
        <source>Choose the contact you answered in the list.</source>
        <translation>请在列表中选择已答复的事项。</translation>
    </message>
    <message>
        <source>Waiting for a reply: {count} (overdue: {overdue})</source>
        <translation>待答复：{count}（已超期：{overdue}）</translation>
    </message>
    <message>
        <source>12367 service line</source>
        <translation>12367服务热线</translation>
    </message>
    <message>
        <source>Record every consultation, complaint, suggestion or praise from the 12367 line, on site or online. A contact stays on the list below, shift after shift, until its reply is recorded.</source>
        <translation>登记来自12367热线、现场或网上的每一件咨询、投诉、建议和表扬。事项在答复登记前一直留在下方列表中，逐班交接。</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Related clearance (reference)</source>
        <translation>相关通关（证件号）</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Reply promised by</source>
        <translation>承诺答复时限</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Reply given</source>
        <translation>答复情况</translation>
    </message>
    <message>
        <source>Record the reply</source>
        <translation>登记答复</translation>
    </message>
</context>
<context>
    <name>ShiftListModel</name>
    <message>
        <source>Start (port time)</source>
        <translation>开始（口岸时间）</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>执勤队</translation>
    </message>
    <message>
        <source>Deputy captain</source>
        <translation>副队长</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open: provisional report</source>
        <translation>进行中：临时报表</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已交班</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <source>Open shift: {team}, since {time}, opened by {name}</source>
        <translation>进行中的班次：{team}，{time} 起，由 {name} 接班</translation>
    </message>
    <message>
        <source>Planned shift: {team}, {start} to {end}. Record every check, then open it.</source>
        <translation>已计划的班次：{team}，{start} 至 {end}。完成各项检查后接班。</translation>
    </message>
    <message>
        <source>No shift is open. Plan the next shift.</source>
        <translation>当前没有进行中的班次。请计划下一班。</translation>
    </message>
    <message>
        <source>Last closed shift: {team}, closed at {time} by {name}.</source>
        <translation>上一班：{team}，{time} 由 {name} 交班。</translation>
    </message>
    <message>
        <source>(required)</source>
        <translation>（必查）</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <source>overridden by {name}: {reason}</source>
        <translation>{name}决定带故障开班：{reason}</translation>
    </message>
    <message>
        <source>blocks opening the shift</source>
        <translation>不能开班</translation>
    </message>
    <message>
        <source>Override…</source>
        <translation>带故障开班…</translation>
    </message>
    <message>
        <source>Note (needed when a check fails)</source>
        <translation>备注（不通过时必填）</translation>
    </message>
    <message>
        <source>{subject}: {reason} (requested by {name})</source>
        <translation>{subject}：{reason}（申请人：{name}）</translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count}</source>
        <translation>待审批的优先通关申请：{count}</translation>
    </message>
    <message>
        <source>Emergency passages this shift: {count}</source>
        <translation>本班应急通道：{count} 次</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>已接班</translation>
    </message>
    <message>
        <source>Only a deputy captain or above can plan, open and close a shift.</source>
        <translation>只有副队长及以上人员可以计划班次、接班和交班。</translation>
    </message>
    <message>
        <source>Plan the next shift</source>
        <translation>计划下一班</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>执勤队</translation>
    </message>
    <message>
        <source>Planned start (port time)</source>
        <translation>计划开始（口岸时间）</translation>
    </message>
    <message>
        <source>Planned end (port time)</source>
        <translation>计划结束（口岸时间）</translation>
    </message>
    <message>
        <source>Plan shift</source>
        <translation>计划班次</translation>
    </message>
    <message>
        <source>Checklist before taking over</source>
        <translation>接班前检查</translation>
    </message>
    <message>
        <source>Open the shift</source>
        <translation>接班</translation>
    </message>
    <message>
        <source>During the shift</source>
        <translation>本班事项</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>审批…</translation>
    </message>
    <message>
        <source>Add details…</source>
        <translation>补充详情…</translation>
    </message>
    <message>
        <source>Close out the shift…</source>
        <translation>交班…</translation>
    </message>
</context>
<context>
    <name>ShiftState</name>
    <message>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已交班</translation>
    </message>
</context>
<context>
    <name>SizeMethod</name>
    <message>
        <source>Counted</source>
        <translation>清点</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>估计</translation>
    </message>
</context>
<context>
    <name>SubjectKind</name>
    <message>
        <source>Traveller</source>
        <translation>旅客</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>列车</translation>
    </message>
</context>
<context>
    <name>SyncEntity</name>
    <message>
        <source>Forecast</source>
        <translation>预报</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>警员</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>执勤队</translation>
    </message>
    <message>
        <source>Priority approval</source>
        <translation>优先通关审批</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>应急通道记录</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>口岸</translation>
    </message>
    <message>
        <source>Clearance step</source>
        <translation>通关环节</translation>
    </message>
    <message>
        <source>Audit entry</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Lane assignment</source>
        <translation>通道分配</translation>
    </message>
    <message>
        <source>Lane opened or closed</source>
        <translation>通道开启或关闭</translation>
    </message>
    <message>
        <source>Checklist result</source>
        <translation>检查项结果</translation>
    </message>
</context>
<context>
    <name>SyncField</name>
    <message>
        <source>Mode</source>
        <translation>运输方式</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>车牌/车次/航班号</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运人</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Expected at</source>
        <translation>预计抵达</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>预计人数</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>预计车辆数</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>货物类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Pre-inspection</source>
        <translation>预检</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Arrived at</source>
        <translation>实际抵达</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>受理对象</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Capacity per hour</source>
        <translation>每小时通行能力</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>执勤队</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划结束</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>收班时间</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>开班人</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>收班人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预报</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批结果</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <source>Decision note</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>保存时间</translation>
    </message>
</context>
<context>
    <name>SyncHeld</name>
    <message>
        <source>A value HQ cannot store</source>
        <translation>含有总站无法保存的数值</translation>
    </message>
    <message>
        <source>Refers to a record HQ does not have</source>
        <translation>引用了总站没有的记录</translation>
    </message>
    <message>
        <source>Breaks a rule HQ enforces</source>
        <translation>违反总站执行的规则</translation>
    </message>
    <message>
        <source>Waits for a record set aside</source>
        <translation>等待一条暂存的记录</translation>
    </message>
    <message>
        <source>Correct the record</source>
        <translation>更正该记录</translation>
    </message>
    <message>
        <source>Nothing: it waits</source>
        <translation>无需操作：等待中</translation>
    </message>
    <message>
        <source>Send again, or discard</source>
        <translation>重新发送或作废</translation>
    </message>
    <message>
        <source>Correct the record: the corrected version goes by itself</source>
        <translation>更正该记录：更正后的版本会自动发送</translation>
    </message>
    <message>
        <source>Nothing to do: it goes once the record it names reaches HQ</source>
        <translation>无需操作：所引用的记录到达总站后自动发送</translation>
    </message>
    <message>
        <source>Send it again once HQ is fixed, or discard it with a reason</source>
        <translation>待总站问题解决后重新发送，或说明理由后作废</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>暂存</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理方法</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>{count} changes</source>
        <translation>{count} 项修改</translation>
    </message>
    <message>
        <source>This desk and HQ cannot sync until one of them is updated. HQ says:</source>
        <translation>本验证台与总站须有一方升级后才能同步。总站答复：</translation>
    </message>
    <message>
        <source>HQ did not answer. The desk keeps trying and syncs as soon as HQ answers; nothing is lost meanwhile. Last error:</source>
        <translation>总站无应答。验证台会继续重试，总站一有应答即同步；其间数据不会丢失。最近一次错误：</translation>
    </message>
    <message>
        <source>HQ&apos;s words:</source>
        <translation>总站原文：</translation>
    </message>
    <message>
        <source>The error:</source>
        <translation>错误信息：</translation>
    </message>
    <message>
        <source>HQ no longer accepts this desk&apos;s credential. If it was lost, enrol again with a new code from HQ; if HQ revoked this desk, ask HQ.</source>
        <translation>总站不再接受本验证台的凭证。如凭证丢失，请向总站索取新注册码重新注册；如本验证台已被总站注销，请联系总站。</translation>
    </message>
    <message>
        <source>This desk is not enrolled at HQ yet: its records stay here. Ask HQ for a one-time code for port {port} (checkpoint-hq enroll --port {port}) and enter it with HQ&apos;s address.</source>
        <translation>本验证台尚未在总站注册，数据只保存在本机。请向总站索取口岸 {port} 的一次性注册码（checkpoint-hq enroll --port {port}），与总站地址一并填写。</translation>
    </message>
    <message>
        <source>Sync started</source>
        <translation>已开始同步</translation>
    </message>
    <message>
        <source>Enter HQ&apos;s address with https:// (http:// only for HQ on this computer), e.g. https://hq.example.cn:8470</source>
        <translation>请填写以 https:// 开头的总站地址（仅总站在本机时可用 http://），例如 https://hq.example.cn:8470</translation>
    </message>
    <message>
        <source>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</source>
        <translation>请填写总站提供的一次性注册码，例如 K7QM-2XPA-9RTF-WD3H</translation>
    </message>
    <message>
        <source>Asking HQ…</source>
        <translation>正在联系总站…</translation>
    </message>
    <message>
        <source>Enrolled at {url}: syncing starts now</source>
        <translation>已在 {url} 注册，现在开始同步</translation>
    </message>
    <message>
        <source>Enrolment failed: {detail}</source>
        <translation>注册失败：{detail}</translation>
    </message>
    <message>
        <source>HQ did not answer at {url}: check the address and the link, then try again. ({detail})</source>
        <translation>总站 {url} 无应答：请检查地址和网络连接后重试。（{detail}）</translation>
    </message>
    <message>
        <source>HQ did not accept this code: it is unknown, already used or expired (a code lasts 24 hours). Ask HQ for a new one.</source>
        <translation>总站不接受此注册码：注册码无效、已使用或已过期（有效期 24 小时）。请向总站索取新的注册码。</translation>
    </message>
    <message>
        <source>This code is for another port: ask HQ for a code for port {port}.</source>
        <translation>此注册码属于其他口岸：请向总站索取口岸 {port} 的注册码。</translation>
    </message>
    <message>
        <source>HQ could not read this code: check it against the one HQ gave.</source>
        <translation>总站无法识别此注册码：请与总站提供的注册码核对。</translation>
    </message>
    <message>
        <source>HQ refuses this desk: it was revoked, or belongs to another port.</source>
        <translation>总站拒绝本验证台：已被注销，或属于其他口岸。</translation>
    </message>
    <message>
        <source>This desk and HQ cannot talk until one of them is updated: {detail}</source>
        <translation>本验证台与总站须有一方升级后才能通信：{detail}</translation>
    </message>
    <message>
        <source>Save the sync bundle</source>
        <translation>保存同步数据包</translation>
    </message>
    <message>
        <source>Sync bundles (*.{suffix})</source>
        <translation>同步数据包 (*.{suffix})</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>正在写入数据包…</translation>
    </message>
    <message>
        <source>Bundle written: {rows} records (entries {first}–{last}), {size} KB, in {path}. Import it at HQ (checkpoint-hq import-bundle); this desk learns what HQ accepted at its next sync.</source>
        <translation>数据包已写入：{rows} 条记录（第 {first}–{last} 项），{size} KB，位于 {path}。请在总站导入（checkpoint-hq import-bundle）；下次同步时本验证台会得知总站已接收的内容。</translation>
    </message>
    <message>
        <source>Bundle written, empty: HQ already has every record. {path}</source>
        <translation>数据包已写入，内容为空：总站已有全部记录。{path}</translation>
    </message>
    <message>
        <source>Sync bundle written</source>
        <translation>同步数据包已写入</translation>
    </message>
    <message>
        <source>Only an enrolled desk can sign a bundle: enrol it at HQ first.</source>
        <translation>只有已注册的验证台才能签署数据包：请先在总站注册。</translation>
    </message>
    <message>
        <source>Could not write the bundle: {detail}</source>
        <translation>无法写入数据包：{detail}</translation>
    </message>
    <message>
        <source>Entry {seq}: {detail}. What to do: {advice}</source>
        <translation>条目 {seq}：{detail}。处理方法：{advice}</translation>
    </message>
    <message>
        <source>Only a deputy captain or above may discard an entry</source>
        <translation>只有副队长及以上人员可以作废条目</translation>
    </message>
    <message>
        <source>{count} entries queued again: they go with the next sync</source>
        <translation>{count} 个条目已重新排队：将随下次同步发送</translation>
    </message>
    <message>
        <source>Entry {seq} discarded: HQ will not receive it; the audit log keeps why</source>
        <translation>条目 {seq} 已作废：总站不会收到；作废理由已记入审计日志</translation>
    </message>
    <message>
        <source>Conflicts ({count})</source>
        <translation>冲突（{count}）</translation>
    </message>
    <message>
        <source>Set aside ({count})</source>
        <translation>暂存（{count}）</translation>
    </message>
    <message>
        <source>this desk</source>
        <translation>本验证台</translation>
    </message>
    <message>
        <source>HQ</source>
        <translation>总站</translation>
    </message>
    <message>
        <source>{record}: the version by {loser} lost to {winner} ({rule}), {when}</source>
        <translation>{record}：{loser}的版本未被采用，采用了{winner}的版本（{rule}），{when}</translation>
    </message>
    <message>
        <source>Sync with HQ</source>
        <translation>与总站同步</translation>
    </message>
    <message>
        <source>Link to HQ</source>
        <translation>与总站的连接</translation>
    </message>
    <message>
        <source>Enrol this desk at HQ or at the post&apos;s hub</source>
        <translation>在总部或本口岸集线器注册本工作台</translation>
    </message>
    <message>
        <source>HQ&apos;s or the post&apos;s hub&apos;s address</source>
        <translation>总部或本口岸集线器地址</translation>
    </message>
    <message>
        <source>When HQ and this post changed the same fields of a record, HQ kept one version by the rule below; the other is never dropped: it is listed here whole. Newest first.</source>
        <translation>总站和本站修改了同一记录的相同字段时，总站按下列规则采用其中一个版本；另一个版本不会丢弃，完整列在这里。最新的在前。</translation>
    </message>
    <message>
        <source>No conflicts: every change was kept.</source>
        <translation>没有冲突：所有修改均已保留。</translation>
    </message>
    <message>
        <source>HQ refused these entries for a rule, or they wait for one it refused. Everything else keeps going to HQ; these stay here until they reach it or are discarded, never dropped.</source>
        <translation>这些条目因违反规则被总站拒收，或在等待被拒收的条目。其余记录照常发往总站；这些条目保留在这里，直到送达总站或被作废，绝不会丢弃。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Queue every entry set aside again (after HQ or the record was fixed)</source>
        <translation>将所有暂存条目重新排队（在总站或记录问题解决之后）</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Why discard it</source>
        <translation>作废理由</translation>
    </message>
    <message>
        <source>Your PIN</source>
        <translation>您的 PIN 码</translation>
    </message>
    <message>
        <source>Discard this entry</source>
        <translation>作废此条目</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>上次尝试</translation>
    </message>
    <message>
        <source>Not at HQ yet</source>
        <translation>总站尚未收到</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>暂存</translation>
    </message>
    <message>
        <source>Conflicts kept</source>
        <translation>已记录的冲突</translation>
    </message>
    <message>
        <source>Next sync</source>
        <translation>下次同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Export bundle…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <source>For a post with no link: the records HQ does not have yet, in one signed file to carry to HQ (USB)</source>
        <translation>用于无网络的口岸：把总站尚未收到的记录写入一个签名文件，用 U 盘带到总站</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Version that lost</source>
        <translation>未采用的版本</translation>
    </message>
    <message>
        <source>Version kept</source>
        <translation>采用的版本</translation>
    </message>
</context>
<context>
    <name>SyncRule</name>
    <message>
        <source>HQ owns them</source>
        <translation>归总站管理</translation>
    </message>
    <message>
        <source>The post owns them</source>
        <translation>归本站管理</translation>
    </message>
    <message>
        <source>Later edit wins</source>
        <translation>以较晚的修改为准</translation>
    </message>
    <message>
        <source>Closed shift is final</source>
        <translation>已收班，不可更改</translation>
    </message>
    <message>
        <source>Entered at two desks: merged into one, later edit wins</source>
        <translation>在两个验证台录入：已合并为一条，以较晚的修改为准</translation>
    </message>
</context>
<context>
    <name>SyncSlot</name>
    <message>
        <source>Encrypted (TLS), HQ&apos;s certificate pinned at enrolment</source>
        <translation>已加密（TLS），已绑定注册时获得的总部证书</translation>
    </message>
    <message>
        <source>Encrypted (TLS), HQ&apos;s certificate not pinned</source>
        <translation>已加密（TLS），未绑定总部证书</translation>
    </message>
    <message>
        <source>Not encrypted: HQ on this computer (nothing crosses a wire)</source>
        <translation>未加密：总部在本机（数据不经过网络）</translation>
    </message>
    <message>
        <source>NOT ENCRYPTED: plain HTTP, allowed for this post</source>
        <translation>未加密：本口岸已明确允许明文 HTTP</translation>
    </message>
    <message>
        <source>Refused: plain HTTP to another computer, nothing sent</source>
        <translation>已拒绝：不向其他计算机发送明文 HTTP，未发送任何数据</translation>
    </message>
    <message>
        <source>checking with HQ</source>
        <translation>正在与总站核对</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Sync: reading the state…</source>
        <translation>同步：正在读取状态…</translation>
    </message>
    <message>
        <source>Sync: not enrolled at HQ ({count} not sent)</source>
        <translation>同步：未在总站注册（{count} 条未发送）</translation>
    </message>
    <message>
        <source>Sync: enrolled, not synced yet ({count} pending)</source>
        <translation>同步：已注册，尚未同步（待发送 {count} 条）</translation>
    </message>
    <message>
        <source>Hub ✓ {time} · {hq}</source>
        <translation>集线器 ✓ {time} · {hq}</translation>
    </message>
    <message>
        <source>Synced {time} ({count} pending, {held} set aside)</source>
        <translation>已同步 {time}（待发送 {count} 条，暂存 {held} 条）</translation>
    </message>
    <message>
        <source>Synced {time} ({count} pending)</source>
        <translation>已同步 {time}（待发送 {count} 条）</translation>
    </message>
    <message>
        <source>Syncing… {phase} {progress}</source>
        <translation>正在同步…{phase} {progress}</translation>
    </message>
    <message>
        <source>Offline, trying again</source>
        <translation>离线，正在重试</translation>
    </message>
    <message>
        <source>Offline since {since}, trying again</source>
        <translation>自 {since} 起离线，正在重试</translation>
    </message>
    <message>
        <source>Offline, next try {next}</source>
        <translation>离线，{next} 再次尝试</translation>
    </message>
    <message>
        <source>Offline since {since}, next try {next}</source>
        <translation>自 {since} 起离线，{next} 再次尝试</translation>
    </message>
    <message>
        <source>Sync stopped: update required</source>
        <translation>同步已停止：需要更新</translation>
    </message>
    <message>
        <source>HQ refused: {detail}</source>
        <translation>总站拒绝：{detail}</translation>
    </message>
    <message>
        <source>Sync error: {detail}</source>
        <translation>同步出错：{detail}</translation>
    </message>
    <message>
        <source>HQ offline since {since}</source>
        <translation>总部自 {since} 起离线</translation>
    </message>
    <message>
        <source>HQ not reached yet</source>
        <translation>尚未连上总部</translation>
    </message>
    <message>
        <source>HQ ✓ {time}</source>
        <translation>总部 ✓ {time}</translation>
    </message>
    <message>
        <source>HQ refused this desk&apos;s credential</source>
        <translation>总站拒绝了本验证台的凭证</translation>
    </message>
    <message>
        <source>HQ refused the data</source>
        <translation>总站拒收数据</translation>
    </message>
    <message>
        <source>The last sync failed</source>
        <translation>上次同步失败</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>Clock {amount} ahead of HQ</source>
        <translation>时钟比总站快 {amount}</translation>
    </message>
    <message>
        <source>Clock {amount} behind HQ</source>
        <translation>时钟比总站慢 {amount}</translation>
    </message>
    <message>
        <source>This desk&apos;s clock is {amount} ahead of HQ&apos;s: check the time</source>
        <translation>本验证台时钟比总站快 {amount}：请校对时间</translation>
    </message>
    <message>
        <source>This desk&apos;s clock is {amount} behind HQ&apos;s: check the time</source>
        <translation>本验证台时钟比总站慢 {amount}：请校对时间</translation>
    </message>
    <message>
        <source>Click for the sync panel (Ctrl+6)</source>
        <translation>点击打开同步页面（Ctrl+6）</translation>
    </message>
</context>
<context>
    <name>TravellerCategory</name>
    <message>
        <source>Chinese citizen</source>
        <translation>中国公民</translation>
    </message>
    <message>
        <source>Foreign national</source>
        <translation>外国人</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>交通运输工具员工</translation>
    </message>
    <message>
        <source>HK, Macao, Taiwan</source>
        <translation>港澳台居民</translation>
    </message>
</context>
<context>
    <name>UndoDialog</name>
    <message>
        <source>Say why this step is undone</source>
        <translation>请说明撤销理由</translation>
    </message>
    <message>
        <source>Undo a step</source>
        <translation>撤销一步</translation>
    </message>
    <message>
        <source>Undo {what}? The step stays in the record, marked as undone.</source>
        <translation>撤销 {what}？该记录仍保留，并标记为已撤销。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Wrong key pressed</source>
        <translation>按错键</translation>
    </message>
    <message>
        <source>Wrong code scanned</source>
        <translation>扫错码</translation>
    </message>
    <message>
        <source>Wrong traveller</source>
        <translation>选错旅客</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Clearance  Ctrl+1</source>
        <translation>通关验放  Ctrl+1</translation>
    </message>
    <message>
        <source>Lanes  Ctrl+2</source>
        <translation>通道  Ctrl+2</translation>
    </message>
    <message>
        <source>Forecasts  Ctrl+3</source>
        <translation>预报  Ctrl+3</translation>
    </message>
    <message>
        <source>Shift  Ctrl+4</source>
        <translation>班次  Ctrl+4</translation>
    </message>
    <message>
        <source>Reports  Ctrl+5</source>
        <translation>报表  Ctrl+5</translation>
    </message>
    <message>
        <source>Sync  Ctrl+6</source>
        <translation>同步  Ctrl+6</translation>
    </message>
    <message>
        <source>Roster  Ctrl+7</source>
        <translation>人员  Ctrl+7</translation>
    </message>
    <message>
        <source>Plan  Ctrl+8</source>
        <translation>预判  Ctrl+8</translation>
    </message>
    <message>
        <source>12367  Ctrl+9</source>
        <translation>12367热线  Ctrl+9</translation>
    </message>
</context>
</TS>
