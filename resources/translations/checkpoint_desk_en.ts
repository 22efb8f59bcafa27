<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Checkpoint Desk</source>
        <translation>About Checkpoint Desk</translation>
    </message>
    <message>
        <source>Checkpoint Desk {version}</source>
        <translation>Checkpoint Desk {version}</translation>
    </message>
    <message>
        <source>Port: {name} ({code})</source>
        <translation>Port: {name} ({code})</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>Device: {device}</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <source>Python {python}, Qt {qt}, PySide6 {pyside}</source>
        <translation>Python {python}, Qt {qt}, PySide6 {pyside}</translation>
    </message>
    <message>
        <source>Chinese text uses WenQuanYi Micro Hei (Apache 2.0 or GPL 3 with the font exception), shipped with its licence.</source>
        <translation>Chinese text uses WenQuanYi Micro Hei (Apache 2.0 or GPL 3 with the font exception), shipped with its licence.</translation>
    </message>
</context>
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Acknowledge the alert</source>
        <translation>Acknowledge the alert</translation>
    </message>
    <message>
        <source>{group}: long waits since {since}. What was done? It is recorded with your name and the time.</source>
        <translation>{group}: long waits since {since}. What was done? It is recorded with your name and the time.</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Opened another lane</source>
        <translation>Opened another lane</translation>
    </message>
    <message>
        <source>Sent waiting travellers to another lane</source>
        <translation>Sent waiting travellers to another lane</translation>
    </message>
    <message>
        <source>Called more officers to the desks</source>
        <translation>Called more officers to the desks</translation>
    </message>
    <message>
        <source>Started the emergency plan</source>
        <translation>Started the emergency plan</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>longest wait now {wait}</source>
        <translation>longest wait now {wait}</translation>
    </message>
    <message>
        <source>peak {wait}</source>
        <translation>peak {wait}</translation>
    </message>
    <message>
        <source>acknowledged by {name} ({badge}) at {time}: {action}</source>
        <translation>acknowledged by {name} ({badge}) at {time}: {action}</translation>
    </message>
    <message>
        <source>not acknowledged yet</source>
        <translation>not acknowledged yet</translation>
    </message>
    <message>
        <source>{group}: 25 minutes reached (since {since}): emergency plan, every lane</source>
        <translation>{group}: 25 minutes reached (since {since}): emergency plan, every lane</translation>
    </message>
    <message>
        <source>{group}: 15 minutes reached (since {since}): open another lane</source>
        <translation>{group}: 15 minutes reached (since {since}): open another lane</translation>
    </message>
    <message>
        <source>{group}: back below 15 minutes since {since}</source>
        <translation>{group}: back below 15 minutes since {since}</translation>
    </message>
    <message>
        <source>{group}: the wait has reached 25 minutes (since {since}): start the emergency plan and open every available lane.</source>
        <translation>{group}: the wait has reached 25 minutes (since {since}): start the emergency plan and open every available lane.</translation>
    </message>
    <message>
        <source>{group}: the wait has reached 15 minutes (since {since}): open another lane now.</source>
        <translation>{group}: the wait has reached 15 minutes (since {since}): open another lane now.</translation>
    </message>
    <message>
        <source>{group}: back below 15 minutes since {since}; the alert ends when it stays there for 10 minutes.</source>
        <translation>{group}: back below 15 minutes since {since}; the alert ends when it stays there for 10 minutes.</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Acknowledge…</translation>
    </message>
    <message>
        <source>Open a lane…</source>
        <translation>Open a lane…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
</context>
<context>
    <name>ApprovalDecision</name>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Priority clearance request</source>
        <translation>Priority clearance request</translation>
    </message>
    <message>
        <source>{subject}: {reason}</source>
        <translation>{subject}: {reason}</translation>
    </message>
    <message>
        <source>Deputy captain's badge</source>
        <translation>Deputy captain's badge</translation>
    </message>
    <message>
        <source>Deputy captain's PIN</source>
        <translation>Deputy captain's PIN</translation>
    </message>
    <message>
        <source>Note (needed to reject)</source>
        <translation>Note (needed to reject)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Arrival</name>
    <message>
        <source>Not due yet</source>
        <translation>Not due yet</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Early</source>
        <translation>Early</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>ArrivalDialog</name>
    <message>
        <source>Size of the group that arrived</source>
        <translation>Size of the group that arrived</translation>
    </message>
    <message>
        <source>{reference} arrived at {time}. How many came?</source>
        <translation>{reference} arrived at {time}. How many came?</translation>
    </message>
    <message>
        <source>Mark arrived</source>
        <translation>Mark arrived</translation>
    </message>
    <message>
        <source>{reference} arrives now (forecast: {travellers} travellers, {vehicles} vehicles). The size may stay unknown and be given later.</source>
        <translation>{reference} arrives now (forecast: {travellers} travellers, {vehicles} vehicles). The size may stay unknown and be given later.</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>not known yet</translation>
    </message>
    <message>
        <source>Travellers who came</source>
        <translation>Travellers who came</translation>
    </message>
    <message>
        <source>Vehicles that came</source>
        <translation>Vehicles that came</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>Found by</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Request recorded; it waits for a deputy captain's approval.</source>
        <translation>Request recorded; it waits for a deputy captain's approval.</translation>
    </message>
    <message>
        <source>Assign to a lane</source>
        <translation>Assign to a lane</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Forecast (if any)</source>
        <translation>Forecast (if any)</translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation>Plate, train or group</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Why priority clearance</source>
        <translation>Why priority clearance</translation>
    </message>
    <message>
        <source>Deputy captain's badge</source>
        <translation>Deputy captain's badge</translation>
    </message>
    <message>
        <source>Deputy captain's PIN</source>
        <translation>Deputy captain's PIN</translation>
    </message>
    <message>
        <source>Priority clearance needs a deputy captain's approval</source>
        <translation>Priority clearance needs a deputy captain's approval</translation>
    </message>
    <message>
        <source>The request is recorded in your name. A deputy captain or above approves it here with their own badge and PIN; nobody approves their own request.</source>
        <translation>The request is recorded in your name. A deputy captain or above approves it here with their own badge and PIN; nobody approves their own request.</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CargoCategory</name>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energy</translation>
    </message>
    <message>
        <source>Livelihood materials</source>
        <translation>Livelihood materials</translation>
    </message>
    <message>
        <source>Belt and Road project</source>
        <translation>Belt and Road project</translation>
    </message>
    <message>
        <source>General cargo</source>
        <translation>General cargo</translation>
    </message>
</context>
<context>
    <name>CheckResult</name>
    <message>
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Not applicable</translation>
    </message>
</context>
<context>
    <name>ClearancePage</name>
    <message>
        <source>Nobody selected</source>
        <translation>Nobody selected</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>Selected: {reference}, {state}, {wait}</source>
        <translation>Selected: {reference}, {state}, {wait}</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Queue on {lane}: {count} waiting</source>
        <translation>Queue on {lane}: {count} waiting</translation>
    </message>
    <message>
        <source>Nobody is selected in the queue</source>
        <translation>Nobody is selected in the queue</translation>
    </message>
    <message>
        <source>Nobody waits on this lane</source>
        <translation>Nobody waits on this lane</translation>
    </message>
    <message>
        <source>No other open lane takes them</source>
        <translation>No other open lane takes them</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} waiting</translation>
    </message>
    <message>
        <source>Moved to {lane}: {references}</source>
        <translation>Moved to {lane}: {references}</translation>
    </message>
    <message>
        <source>(undone)</source>
        <translation>(undone)</translation>
    </message>
    <message>
        <source>Nothing recorded here to undo</source>
        <translation>Nothing recorded here to undo</translation>
    </message>
    <message>
        <source>Undone: {reference}</source>
        <translation>Undone: {reference}</translation>
    </message>
    <message>
        <source>Select a traveller in the queue to correct</source>
        <translation>Select a traveller in the queue to correct</translation>
    </message>
    <message>
        <source>Category corrected</source>
        <translation>Category corrected</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>Scan or type the reference, then Enter</source>
        <translation>Scan or type the reference, then Enter</translation>
    </message>
    <message>
        <source>document, ticket, plate or train number</source>
        <translation>document, ticket, plate or train number</translation>
    </message>
    <message>
        <source>No lane is open. Open one on the lanes board (Ctrl+2).</source>
        <translation>No lane is open. Open one on the lanes board (Ctrl+2).</translation>
    </message>
    <message>
        <source>(not open)</source>
        <translation>(not open)</translation>
    </message>
    <message>
        <source>Lane {lane} is not open: scans here queue before opening (their wait counts from arrival); service starts once the lane opens.</source>
        <translation>Lane {lane} is not open: scans here queue before opening (their wait counts from arrival); service starts once the lane opens.</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>Service started</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>Cleared</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Undo last step</source>
        <translation>Undo last step</translation>
    </message>
    <message>
        <source>Move to lane…</source>
        <translation>Move to lane…</translation>
    </message>
    <message>
        <source>Correct category…</source>
        <translation>Correct category…</translation>
    </message>
    <message>
        <source>Recorded at this desk</source>
        <translation>Recorded at this desk</translation>
    </message>
</context>
<context>
    <name>ClearanceStep</name>
    <message>
        <source>Joined queue</source>
        <translation>Joined queue</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>Service started</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Undone</translation>
    </message>
    <message>
        <source>Moved to another lane</source>
        <translation>Moved to another lane</translation>
    </message>
</context>
<context>
    <name>CloseOutDialog</name>
    <message>
        <source>waiting {wait}</source>
        <translation>waiting {wait}</translation>
    </message>
    <message>
        <source>Still in the queue: {count} (carried over to the next shift)</source>
        <translation>Still in the queue: {count} (carried over to the next shift)</translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count} (decide them first)</source>
        <translation>Priority requests waiting for a decision: {count} (decide them first)</translation>
    </message>
    <message>
        <source>12367 contacts waiting for a reply: {count}, {overdue} overdue (carried over to the next shift until answered; Ctrl+9)</source>
        <translation>12367 contacts waiting for a reply: {count}, {overdue} overdue (carried over to the next shift until answered; Ctrl+9)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Within 30 min</source>
        <translation>Within 30 min</translation>
    </message>
    <message>
        <source>Other travellers</source>
        <translation>Other travellers</translation>
    </message>
    <message>
        <source>{group}: {over} over {target} min</source>
        <translation>{group}: {over} over {target} min</translation>
    </message>
    <message>
        <source> ({waiting} still waiting)</source>
        <translation> ({waiting} still waiting)</translation>
    </message>
    <message>
        <source> ({waiting} still at the desk)</source>
        <translation> ({waiting} still at the desk)</translation>
    </message>
    <message>
        <source>Joined {joined}, cleared {cleared}, referred {referred}, refused {refused}, not finished {open}. Over target, as of now: {targets}.</source>
        <translation>Joined {joined}, cleared {cleared}, referred {referred}, refused {refused}, not finished {open}. Over target, as of now: {targets}.</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Over 30 min</source>
        <translation>Over 30 min</translation>
    </message>
    <message>
        <source>Unserved (&gt;30)</source>
        <translation>Unserved (&gt;30)</translation>
    </message>
    <message>
        <source>Waiting time, joined queue to service started, in minutes (rounded half up). ≥: includes someone still waiting past 30 minutes, with the wait so far.</source>
        <translation>Waiting time, joined queue to service started, in minutes (rounded half up). ≥: includes someone still waiting past 30 minutes, with the wait so far.</translation>
    </message>
    <message>
        <source>Special channels: {channels}. Priority clearance: {approved} approved, {rejected} rejected. Emergency passages: {emergencies}.</source>
        <translation>Special channels: {channels}. Priority clearance: {approved} approved, {rejected} rejected. Emergency passages: {emergencies}.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Shift closed at {time}. It is now read-only.</source>
        <translation>Shift closed at {time}. It is now read-only.</translation>
    </message>
    <message>
        <source>Generate and print the shift report</source>
        <translation>Generate and print the shift report</translation>
    </message>
    <message>
        <source>Saved in the post's reports folder, then the print dialog.</source>
        <translation>Saved in the post's reports folder, then the print dialog.</translation>
    </message>
    <message>
        <source>Shift report: not available yet</source>
        <translation>Shift report: not available yet</translation>
    </message>
    <message>
        <source>The printed shift report comes with a later version of the desk; the shift's data is saved and will be in it.</source>
        <translation>The printed shift report comes with a later version of the desk; the shift's data is saved and will be in it.</translation>
    </message>
    <message>
        <source>Close out the shift</source>
        <translation>Close out the shift</translation>
    </message>
    <message>
        <source>1. Still open</source>
        <translation>1. Still open</translation>
    </message>
    <message>
        <source>2. Shift summary</source>
        <translation>2. Shift summary</translation>
    </message>
    <message>
        <source>3. Handover and signature</source>
        <translation>3. Handover and signature</translation>
    </message>
    <message>
        <source>4. Shift report</source>
        <translation>4. Shift report</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Decide…</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>Handover notes</translation>
    </message>
    <message>
        <source>Deputy captain's badge</source>
        <translation>Deputy captain's badge</translation>
    </message>
    <message>
        <source>Deputy captain's PIN</source>
        <translation>Deputy captain's PIN</translation>
    </message>
    <message>
        <source>Sign and close the shift</source>
        <translation>Sign and close the shift</translation>
    </message>
    <message>
        <source>Signing stores the shift report's figures as of the close: the signed report never changes. A correction recorded later makes an amended report beside it.</source>
        <translation>Signing stores the shift report's figures as of the close: the signed report never changes. A correction recorded later makes an amended report beside it.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <source>HQ</source>
        <translation>HQ</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>This desk</translation>
    </message>
    <message>
        <source>Another desk</source>
        <translation>Another desk</translation>
    </message>
    <message>
        <source>This post</source>
        <translation>This post</translation>
    </message>
    <message>
        <source>(not shown)</source>
        <translation>(not shown)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Kept</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Won by</source>
        <translation>Won by</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ContactChannel</name>
    <message>
        <source>12367 phone</source>
        <translation>12367 phone</translation>
    </message>
    <message>
        <source>On site</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
</context>
<context>
    <name>ContactKind</name>
    <message>
        <source>Consultation</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>Praise</translation>
    </message>
</context>
<context>
    <name>CorrectCategoryDialog</name>
    <message>
        <source>Say why the category is corrected</source>
        <translation>Say why the category is corrected</translation>
    </message>
    <message>
        <source>Correct the category</source>
        <translation>Correct the category</translation>
    </message>
    <message>
        <source>Correct the category of {reference}; the original entry is kept.</source>
        <translation>Correct the category of {reference}; the original entry is kept.</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>Direction</name>
    <message>
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>Both ways</source>
        <translation>Both ways</translation>
    </message>
</context>
<context>
    <name>DutyBox</name>
    <message>
        <source>no lane</source>
        <translation>no lane</translation>
    </message>
    <message>
        <source>{badge} {name}: {lane} since {time}</source>
        <translation>{badge} {name}: {lane} since {time}</translation>
    </message>
    <message>
        <source>Open lanes with no officer: {lanes}</source>
        <translation>Open lanes with no officer: {lanes}</translation>
    </message>
    <message>
        <source>Every open lane has an officer.</source>
        <translation>Every open lane has an officer.</translation>
    </message>
    <message>
        <source>Duty roster: who works which lane</source>
        <translation>Duty roster: who works which lane</translation>
    </message>
    <message>
        <source>Post to lane</source>
        <translation>Post to lane</translation>
    </message>
    <message>
        <source>Off lane</source>
        <translation>Off lane</translation>
    </message>
    <message>
        <source>Off duty</source>
        <translation>Off duty</translation>
    </message>
</context>
<context>
    <name>EmergencyDetailsDialog</name>
    <message>
        <source>Emergency passage details</source>
        <translation>Emergency passage details</translation>
    </message>
    <message>
        <source>Traveller or vehicle</source>
        <translation>Traveller or vehicle</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <source>Emergency passage</source>
        <translation>Emergency passage</translation>
    </message>
    <message>
        <source>Emergency passage: press the number</source>
        <translation>Emergency passage: press the number</translation>
    </message>
    <message>
        <source>Esc: cancel. Details can be added on the shift screen.</source>
        <translation>Esc: cancel. Details can be added on the shift screen.</translation>
    </message>
</context>
<context>
    <name>EmergencyKind</name>
    <message>
        <source>Altitude sickness</source>
        <translation>Altitude sickness</translation>
    </message>
    <message>
        <source>Sudden illness</source>
        <translation>Sudden illness</translation>
    </message>
    <message>
        <source>Injury</source>
        <translation>Injury</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Traveller category</source>
        <translation>Traveller category</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>Clearance</source>
        <translation>Clearance</translation>
    </message>
    <message>
        <source>Clearance step</source>
        <translation>Clearance step</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Arrival time</source>
        <translation>Arrival time</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>Handover notes</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>Planned end</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>Duty team</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation>On the roster</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>Approving officer</source>
        <translation>Approving officer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation>Plate, train or group</translation>
    </message>
    <message>
        <source>Priority approval</source>
        <translation>Priority approval</translation>
    </message>
    <message>
        <source>Expected at</source>
        <translation>Expected at</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>Expected travellers</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>Expected vehicles</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>Emergency passage</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Who moves</source>
        <translation>Who moves</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>Announced at</source>
        <translation>Announced at</translation>
    </message>
    <message>
        <source>Announced by</source>
        <translation>Announced by</translation>
    </message>
    <message>
        <source>Travellers who came</source>
        <translation>Travellers who came</translation>
    </message>
    <message>
        <source>Vehicles that came</source>
        <translation>Vehicles that came</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>Found by</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>The two PINs differ</source>
        <translation>The two PINs differ</translation>
    </message>
    <message>
        <source>Enter HQ's address with https://, e.g. https://hq.example.cn:8470</source>
        <translation>Enter HQ's address with https://, e.g. https://hq.example.cn:8470</translation>
    </message>
    <message>
        <source>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</source>
        <translation>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</translation>
    </message>
    <message>
        <source>Asking HQ and taking the post's roster…</source>
        <translation>Asking HQ and taking the post's roster…</translation>
    </message>
    <message>
        <source>This desk is enrolled, but HQ has no officer of this port yet: create the post's first administrator.</source>
        <translation>This desk is enrolled, but HQ has no officer of this port yet: create the post's first administrator.</translation>
    </message>
    <message>
        <source>HQ did not answer at {url}: check the address and the link.</source>
        <translation>HQ did not answer at {url}: check the address and the link.</translation>
    </message>
    <message>
        <source>HQ did not accept this code: it is unknown, already used or expired. Ask HQ for a new one.</source>
        <translation>HQ did not accept this code: it is unknown, already used or expired. Ask HQ for a new one.</translation>
    </message>
    <message>
        <source>This code is for another port: choose the port it was made for.</source>
        <translation>This code is for another port: choose the port it was made for.</translation>
    </message>
    <message>
        <source>Joining failed: {detail}</source>
        <translation>Joining failed: {detail}</translation>
    </message>
    <message>
        <source>Set up this desk</source>
        <translation>Set up this desk</translation>
    </message>
    <message>
        <source>A new post: this is its first desk</source>
        <translation>A new post: this is its first desk</translation>
    </message>
    <message>
        <source>Join a post that already has desks</source>
        <translation>Join a post that already has desks</translation>
    </message>
    <message>
        <source>No post database was found in {path}. Choose the port, and enter the address of HQ or of this post's hub (Find the post's hub looks for it on this network) and a one-time code for this desk (checkpoint-hq enroll --port …): the desk enrols, takes the post's roster from HQ or the hub, and officers sign in with the badges and PINs they already have.</source>
        <translation>No post database was found in {path}. Choose the port, and enter the address of HQ or of this post's hub (Find the post's hub looks for it on this network) and a one-time code for this desk (checkpoint-hq enroll --port …): the desk enrols, takes the post's roster from HQ or the hub, and officers sign in with the badges and PINs they already have.</translation>
    </message>
    <message>
        <source>HQ's or the post's hub's address</source>
        <translation>HQ's or the post's hub's address</translation>
    </message>
    <message>
        <source>No post database was found in {path}. Choose the port this desk serves and create the first administrator; the administrator then adds the roster.</source>
        <translation>No post database was found in {path}. Choose the port this desk serves and create the first administrator; the administrator then adds the roster.</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Join the post</source>
        <translation>Join the post</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Administrator's badge number</source>
        <translation>Administrator's badge number</translation>
    </message>
    <message>
        <source>Administrator's name</source>
        <translation>Administrator's name</translation>
    </message>
    <message>
        <source>PIN (4 to 8 digits)</source>
        <translation>PIN (4 to 8 digits)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>Create the post</source>
        <translation>Create the post</translation>
    </message>
</context>
<context>
    <name>ForecastDialog</name>
    <message>
        <source>New forecast</source>
        <translation>New forecast</translation>
    </message>
    <message>
        <source>Edit forecast</source>
        <translation>Edit forecast</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Plate, train or flight number</source>
        <translation>Plate, train or flight number</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Expected at (port time)</source>
        <translation>Expected at (port time)</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>Expected travellers</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>Expected vehicles</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Announced by (source)</source>
        <translation>Announced by (source)</translation>
    </message>
    <message>
        <source>Announced at (port time)</source>
        <translation>Announced at (port time)</translation>
    </message>
    <message>
        <source>Announced by (name, office)</source>
        <translation>Announced by (name, office)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>HQ created this forecast and owns its schedule: the greyed fields can be changed only at HQ (a change made here would lose to HQ's). Notes, arrival and pre-inspection are this post's.</source>
        <translation>HQ created this forecast and owns its schedule: the greyed fields can be changed only at HQ (a change made here would lose to HQ's). Notes, arrival and pre-inspection are this post's.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ForecastModel</name>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Group on
arrival</source>
        <translation>Group on
arrival</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>Announced</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Announced {time} by {source}</source>
        <translation>Announced {time} by {source}</translation>
    </message>
    <message>
        <source>Entered here {time}</source>
        <translation>Entered here {time}</translation>
    </message>
    <message>
        <source>Travellers
forecast / actual</source>
        <translation>Travellers
forecast / actual</translation>
    </message>
    <message>
        <source>Vehicles
forecast / actual</source>
        <translation>Vehicles
forecast / actual</translation>
    </message>
    <message>
        <source>Pre-
inspection</source>
        <translation>Pre-
inspection</translation>
    </message>
    <message>
        <source>Delay
(min)</source>
        <translation>Delay
(min)</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Arrival</translation>
    </message>
</context>
<context>
    <name>ForecastSource</name>
    <message>
        <source>HQ</source>
        <translation>HQ</translation>
    </message>
    <message>
        <source>Overseas border authority</source>
        <translation>Overseas border authority</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Entered here</source>
        <translation>Entered here</translation>
    </message>
</context>
<context>
    <name>ForecastStatus</name>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>ForecastsPage</name>
    <message>
        <source>Select a forecast first</source>
        <translation>Select a forecast first</translation>
    </message>
    <message>
        <source>Forecast {reference} saved</source>
        <translation>Forecast {reference} saved</translation>
    </message>
    <message>
        <source>{reference} arrived</source>
        <translation>{reference} arrived</translation>
    </message>
    <message>
        <source>Forecasts: today and tomorrow</source>
        <translation>Forecasts: today and tomorrow</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Search reference or carrier</source>
        <translation>Search reference or carrier</translation>
    </message>
    <message>
        <source>All modes</source>
        <translation>All modes</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>New forecast</source>
        <translation>New forecast</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Arrived, group size…</source>
        <translation>Arrived, group size…</translation>
    </message>
    <message>
        <source>Assign to lane…</source>
        <translation>Assign to lane…</translation>
    </message>
    <message>
        <source>Set pre-inspection</source>
        <translation>Set pre-inspection</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>24 hours</source>
        <translation>24 hours</translation>
    </message>
    <message>
        <source>Port suspended until {last}</source>
        <translation>Port suspended until {last}</translation>
    </message>
    <message>
        <source>Port suspended until further notice</source>
        <translation>Port suspended until further notice</translation>
    </message>
    <message>
        <source>Port closed: the season is {first} – {last}</source>
        <translation>Port closed: the season is {first} – {last}</translation>
    </message>
    <message>
        <source>Seasonal port, open until {last}, {hours}</source>
        <translation>Seasonal port, open until {last}, {hours}</translation>
    </message>
    <message>
        <source>Port closed now; hours {hours}</source>
        <translation>Port closed now; hours {hours}</translation>
    </message>
    <message>
        <source>Port open, {hours}</source>
        <translation>Port open, {hours}</translation>
    </message>
    <message>
        <source>Next hour:
computing…</source>
        <translation>Next hour:
computing…</translation>
    </message>
    <message>
        <source>Next hour:
no queue predicted</source>
        <translation>Next hour:
no queue predicted</translation>
    </message>
    <message>
        <source>Next hour P90 ≈ {minutes} min
{queue}</source>
        <translation>Next hour P90 ≈ {minutes} min
{queue}</translation>
    </message>
    <message>
        <source>entry travellers</source>
        <translation>entry travellers</translation>
    </message>
    <message>
        <source>exit travellers</source>
        <translation>exit travellers</translation>
    </message>
    <message>
        <source>entry vehicles</source>
        <translation>entry vehicles</translation>
    </message>
    <message>
        <source>exit vehicles</source>
        <translation>exit vehicles</translation>
    </message>
    <message>
        <source>entry trains</source>
        <translation>entry trains</translation>
    </message>
    <message>
        <source>exit trains</source>
        <translation>exit trains</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>No open shift</translation>
    </message>
    <message>
        <source>Shift: {team}, open since {time}</source>
        <translation>Shift: {team}, open since {time}</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Nobody signed in</translation>
    </message>
    <message>
        <source>Officer: {name} ({badge}), {role}</source>
        <translation>Officer: {name} ({badge}), {role}</translation>
    </message>
    <message>
        <source>Lock  [Ctrl+L]</source>
        <translation>Lock  [Ctrl+L]</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Switch the language of the whole desk</source>
        <translation>Switch the language of the whole desk</translation>
    </message>
</context>
<context>
    <name>HubControl</name>
    <message>
        <source>Starting the hub…</source>
        <translation>Starting the hub…</translation>
    </message>
    <message>
        <source>The hub runs on this computer at port {port}, over TLS (certificate fingerprint {fingerprint}): the post's desks join it with this computer's address (it announces itself on the network) and a code from checkpoint-hq enroll --tls-dir hub/tls, which carries the fingerprint.</source>
        <translation>The hub runs on this computer at port {port}, over TLS (certificate fingerprint {fingerprint}): the post's desks join it with this computer's address (it announces itself on the network) and a code from checkpoint-hq enroll --tls-dir hub/tls, which carries the fingerprint.</translation>
    </message>
    <message>
        <source>The hub did not start: {detail}</source>
        <translation>The hub did not start: {detail}</translation>
    </message>
    <message>
        <source>The hub is stopped.</source>
        <translation>The hub is stopped.</translation>
    </message>
    <message>
        <source>This post's hub</source>
        <translation>This post's hub</translation>
    </message>
    <message>
        <source>Run the post's hub on this computer</source>
        <translation>Run the post's hub on this computer</translation>
    </message>
</context>
<context>
    <name>HubFinder</name>
    <message>
        <source>Looking for the hub of {port} on this network…</source>
        <translation>Looking for the hub of {port} on this network…</translation>
    </message>
    <message>
        <source>No hub answered on this network: type the address on the hub's label.</source>
        <translation>No hub answered on this network: type the address on the hub's label.</translation>
    </message>
    <message>
        <source>Found {name}.</source>
        <translation>Found {name}.</translation>
    </message>
    <message>
        <source>Could not search this network: {error}</source>
        <translation>Could not search this network: {error}</translation>
    </message>
    <message>
        <source>Find the post's hub</source>
        <translation>Find the post's hub</translation>
    </message>
</context>
<context>
    <name>LaneGroup</name>
    <message>
        <source>Entry travellers</source>
        <translation>Entry travellers</translation>
    </message>
    <message>
        <source>Exit travellers</source>
        <translation>Exit travellers</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>Trains</source>
        <translation>Trains</translation>
    </message>
</context>
<context>
    <name>LaneKind</name>
    <message>
        <source>Regular</source>
        <translation>Regular</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>Fast lane</source>
        <translation>Fast lane</translation>
    </message>
    <message>
        <source>Belt and Road</source>
        <translation>Belt and Road</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>Emergency passage</translation>
    </message>
    <message>
        <source>Priority clearance</source>
        <translation>Priority clearance</translation>
    </message>
    <message>
        <source>Over-60s lane</source>
        <translation>Over-60s lane</translation>
    </message>
    <message>
        <source>Crew lane</source>
        <translation>Crew lane</translation>
    </message>
</context>
<context>
    <name>LaneModel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Takes</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>In service</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>LaneSubjects</name>
    <message>
        <source>Travellers</source>
        <translation>Travellers</translation>
    </message>
    <message>
        <source>Vehicles and trains</source>
        <translation>Vehicles and trains</translation>
    </message>
    <message>
        <source>Travellers and vehicles</source>
        <translation>Travellers and vehicles</translation>
    </message>
</context>
<context>
    <name>LanesPage</name>
    <message>
        <source>Select a lane first</source>
        <translation>Select a lane first</translation>
    </message>
    <message>
        <source>Lane {lane} opened</source>
        <translation>Lane {lane} opened</translation>
    </message>
    <message>
        <source>Lane {lane} closed</source>
        <translation>Lane {lane} closed</translation>
    </message>
    <message>
        <source>{count} moved from {source} to {lane}</source>
        <translation>{count} moved from {source} to {lane}</translation>
    </message>
    <message>
        <source>Lanes and special channels</source>
        <translation>Lanes and special channels</translation>
    </message>
    <message>
        <source>Open lane</source>
        <translation>Open lane</translation>
    </message>
    <message>
        <source>Close lane</source>
        <translation>Close lane</translation>
    </message>
    <message>
        <source>Assign arrival…</source>
        <translation>Assign arrival…</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>Emergency passage</translation>
    </message>
</context>
<context>
    <name>Level</name>
    <message>
        <source>Within target</source>
        <translation>Within target</translation>
    </message>
    <message>
        <source>Amber: open a lane</source>
        <translation>Amber: open a lane</translation>
    </message>
    <message>
        <source>Red: emergency plan</source>
        <translation>Red: emergency plan</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation>Checkpoint Desk: verification platform</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Sign in  [Enter]</source>
        <translation>Sign in  [Enter]</translation>
    </message>
    <message>
        <source>Type or scan your badge, press Enter, then type your PIN and press Enter.</source>
        <translation>Type or scan your badge, press Enter, then type your PIN and press Enter.</translation>
    </message>
    <message>
        <source>Screen locked after inactivity ({name} was signed in). Sign in to continue.</source>
        <translation>Screen locked after inactivity ({name} was signed in). Sign in to continue.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This database was written by a newer version of Checkpoint Desk and was left untouched. Install the newer version.

{detail}</source>
        <translation>This database was written by a newer version of Checkpoint Desk and was left untouched. Install the newer version.

{detail}</translation>
    </message>
    <message>
        <source>Checkpoint Desk cannot use this post's database, and left it as it is.

{detail}</source>
        <translation>Checkpoint Desk cannot use this post's database, and left it as it is.

{detail}</translation>
    </message>
    <message>
        <source>Post created. Sign in as the administrator.</source>
        <translation>Post created. Sign in as the administrator.</translation>
    </message>
    <message>
        <source>Joined the post: {count} officers came from HQ. Sign in with your badge.</source>
        <translation>Joined the post: {count} officers came from HQ. Sign in with your badge.</translation>
    </message>
    <message>
        <source>Signed in: {name}, {role}</source>
        <translation>Signed in: {name}, {role}</translation>
    </message>
    <message>
        <source>Emergency passage recorded: {kind}, {time}</source>
        <translation>Emergency passage recorded: {kind}, {time}</translation>
    </message>
    <message>
        <source>{subject} assigned</source>
        <translation>{subject} assigned</translation>
    </message>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation>Checkpoint Desk: verification platform</translation>
    </message>
    <message>
        <source>Opening the post's database…</source>
        <translation>Opening the post's database…</translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <source>Road</source>
        <translation>Road</translation>
    </message>
    <message>
        <source>Rail</source>
        <translation>Rail</translation>
    </message>
    <message>
        <source>Air</source>
        <translation>Air</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Nobody to move, or no lane to move to</source>
        <translation>Nobody to move, or no lane to move to</translation>
    </message>
    <message>
        <source>Move to another lane</source>
        <translation>Move to another lane</translation>
    </message>
    <message>
        <source>Send people waiting at {lane} on to another lane. Their wait runs on from when they joined; the move is recorded with your name and can be undone.</source>
        <translation>Send people waiting at {lane} on to another lane. Their wait runs on from when they joined; the move is recorded with your name and can be undone.</translation>
    </message>
    <message>
        <source>Lane {lane} is open. Move the last {count} from {source}?</source>
        <translation>Lane {lane} is open. Move the last {count} from {source}?</translation>
    </message>
    <message>
        <source>To lane</source>
        <translation>To lane</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>The selected {count}: {references}</source>
        <translation>The selected {count}: {references}</translation>
    </message>
    <message>
        <source>The selected (nobody selected)</source>
        <translation>The selected (nobody selected)</translation>
    </message>
    <message>
        <source>The last to join, of {waiting} waiting:</source>
        <translation>The last to join, of {waiting} waiting:</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>A lane opened for this queue</source>
        <translation>A lane opened for this queue</translation>
    </message>
    <message>
        <source>Evening out the queues</source>
        <translation>Evening out the queues</translation>
    </message>
</context>
<context>
    <name>OfficerDialog</name>
    <message>
        <source>The two PINs differ</source>
        <translation>The two PINs differ</translation>
    </message>
    <message>
        <source>Add an officer</source>
        <translation>Add an officer</translation>
    </message>
    <message>
        <source>Edit officer {badge}</source>
        <translation>Edit officer {badge}</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>First PIN (4 to 8 digits)</source>
        <translation>First PIN (4 to 8 digits)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OfficerModel</name>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation>On the roster</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Deactivated</translation>
    </message>
</context>
<context>
    <name>OfficersPage</name>
    <message>
        <source>Put back on the roster</source>
        <translation>Put back on the roster</translation>
    </message>
    <message>
        <source>Take off the roster</source>
        <translation>Take off the roster</translation>
    </message>
    <message>
        <source>Select an officer first</source>
        <translation>Select an officer first</translation>
    </message>
    <message>
        <source>Roster: {badge} saved</source>
        <translation>Roster: {badge} saved</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>Only an administrator adds officers, changes roles and resets PINs. You can change your own PIN.</source>
        <translation>Only an administrator adds officers, changes roles and resets PINs. You can change your own PIN.</translation>
    </message>
    <message>
        <source>Show officers taken off the roster</source>
        <translation>Show officers taken off the roster</translation>
    </message>
    <message>
        <source>Add officer…</source>
        <translation>Add officer…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>Reset PIN…</translation>
    </message>
    <message>
        <source>Change my PIN…</source>
        <translation>Change my PIN…</translation>
    </message>
</context>
<context>
    <name>OpenContactModel</name>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Reply by</source>
        <translation>Reply by</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>carried over</source>
        <translation>carried over</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Cleared</source>
        <translation>Cleared</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Open over a failed check</source>
        <translation>Open over a failed check</translation>
    </message>
    <message>
        <source>{item} failed: {note}. The shift opens only if a deputy captain takes it over with a reason; the decision is signed with the PIN, audited and printed in the shift report.</source>
        <translation>{item} failed: {note}. The shift opens only if a deputy captain takes it over with a reason; the decision is signed with the PIN, audited and printed in the shift report.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Deputy captain's badge</source>
        <translation>Deputy captain's badge</translation>
    </message>
    <message>
        <source>Deputy captain's PIN</source>
        <translation>Deputy captain's PIN</translation>
    </message>
    <message>
        <source>Override and allow opening</source>
        <translation>Override and allow opening</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>The two PINs differ</source>
        <translation>The two PINs differ</translation>
    </message>
    <message>
        <source>Change my PIN</source>
        <translation>Change my PIN</translation>
    </message>
    <message>
        <source>Type your current PIN, then the new one twice.</source>
        <translation>Type your current PIN, then the new one twice.</translation>
    </message>
    <message>
        <source>Reset a PIN</source>
        <translation>Reset a PIN</translation>
    </message>
    <message>
        <source>New PIN for {name} ({badge}). Give it to them in person; a lock-out after wrong PINs is lifted.</source>
        <translation>New PIN for {name} ({badge}). Give it to them in person; a lock-out after wrong PINs is lifted.</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>New PIN (4 to 8 digits)</source>
        <translation>New PIN (4 to 8 digits)</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>New PIN again</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <source>The plan could not be computed: {error}</source>
        <translation>The plan could not be computed: {error}</translation>
    </message>
    <message>
        <source>Computing the plan…</source>
        <translation>Computing the plan…</translation>
    </message>
    <message>
        <source>Plan for the next {hours} hours from {time} (computed in {ms} ms); officers needed now: {officers}</source>
        <translation>Plan for the next {hours} hours from {time} (computed in {ms} ms); officers needed now: {officers}</translation>
    </message>
    <message>
        <source>No advice: every queue stays within its limit</source>
        <translation>No advice: every queue stays within its limit</translation>
    </message>
    <message>
        <source>Entry travellers</source>
        <translation>Entry travellers</translation>
    </message>
    <message>
        <source>Exit travellers</source>
        <translation>Exit travellers</translation>
    </message>
    <message>
        <source>Entry vehicles</source>
        <translation>Entry vehicles</translation>
    </message>
    <message>
        <source>Exit vehicles</source>
        <translation>Exit vehicles</translation>
    </message>
    <message>
        <source>Entry trains</source>
        <translation>Entry trains</translation>
    </message>
    <message>
        <source>Exit trains</source>
        <translation>Exit trains</translation>
    </message>
    <message>
        <source>Plan ahead of the queue</source>
        <translation>Plan ahead of the queue</translation>
    </message>
    <message>
        <source>Advice (Enter: take · Delete: dismiss)</source>
        <translation>Advice (Enter: take · Delete: dismiss)</translation>
    </message>
    <message>
        <source>Take  [Enter]</source>
        <translation>Take  [Enter]</translation>
    </message>
    <message>
        <source>Dismiss  [Delete]</source>
        <translation>Dismiss  [Delete]</translation>
    </message>
    <message>
        <source>Recompute  [F5]</source>
        <translation>Recompute  [F5]</translation>
    </message>
    <message>
        <source>Bars: expected arrivals per 15 minutes (whisker: one standard deviation). Red: predicted P90 wait with the lanes open now; green dashed: had the advice been taken; dots: actual P90 of the hours before; amber dotted: the limit. Grey steps: lanes open.</source>
        <translation>Bars: expected arrivals per 15 minutes (whisker: one standard deviation). Red: predicted P90 wait with the lanes open now; green dashed: had the advice been taken; dots: actual P90 of the hours before; amber dotted: the limit. Grey steps: lanes open.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>now</translation>
    </message>
    <message>
        <source>lanes</source>
        <translation>lanes</translation>
    </message>
    <message>
        <source>P90 (min)</source>
        <translation>P90 (min)</translation>
    </message>
    <message>
        <source>arrivals</source>
        <translation>arrivals</translation>
    </message>
</context>
<context>
    <name>PreInspection</name>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Flagged</translation>
    </message>
</context>
<context>
    <name>QueueBox</name>
    <message>
        <source>Longest wait</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>Target {minutes} min</source>
        <translation>Target {minutes} min</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} waiting</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>Joined</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>{lane} (moved)</source>
        <translation>{lane} (moved)</translation>
    </message>
    <message>
        <source>▶ In service</source>
        <translation>▶ In service</translation>
    </message>
    <message>
        <source>○ Waiting, queued before opening</source>
        <translation>○ Waiting, queued before opening</translation>
    </message>
    <message>
        <source>○ Waiting</source>
        <translation>○ Waiting</translation>
    </message>
</context>
<context>
    <name>RecordSync</name>
    <message>
        <source>Set aside</source>
        <translation>Set aside</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>From HQ</source>
        <translation>From HQ</translation>
    </message>
    <message>
        <source>HQ refused a change made here, or it waits for one: see Sync (Ctrl+6)</source>
        <translation>HQ refused a change made here, or it waits for one: see Sync (Ctrl+6)</translation>
    </message>
    <message>
        <source>Changed here; HQ does not have the change yet</source>
        <translation>Changed here; HQ does not have the change yet</translation>
    </message>
    <message>
        <source>Every change made here is at HQ</source>
        <translation>Every change made here is at HQ</translation>
    </message>
    <message>
        <source>Came from HQ; not changed here</source>
        <translation>Came from HQ; not changed here</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <source>Reading the data…</source>
        <translation>Reading the data…</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <translation>Computing the figures…</translation>
    </message>
    <message>
        <source>Laying out the pages…</source>
        <translation>Laying out the pages…</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>Writing the PDF…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Cancelled: no report was written.</source>
        <translation>Cancelled: no report was written.</translation>
    </message>
    <message>
        <source>This shift is not in this post's database.</source>
        <translation>This shift is not in this post's database.</translation>
    </message>
    <message>
        <source>The report could not be saved: {error}</source>
        <translation>The report could not be saved: {error}</translation>
    </message>
    <message>
        <source>The report failed: {error}</source>
        <translation>The report failed: {error}</translation>
    </message>
    <message>
        <source>No PDF viewer could open {path}.</source>
        <translation>No PDF viewer could open {path}.</translation>
    </message>
    <message>
        <source>Printing cancelled; the report is saved.</source>
        <translation>Printing cancelled; the report is saved.</translation>
    </message>
    <message>
        <source>Sending the pages to the printer…</source>
        <translation>Sending the pages to the printer…</translation>
    </message>
    <message>
        <source>Page {page} of {pages} sent</source>
        <translation>Page {page} of {pages} sent</translation>
    </message>
    <message>
        <source>{pages} pages sent to {printer}.</source>
        <translation>{pages} pages sent to {printer}.</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>Printing failed: {error}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>Open the PDF</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>{name} was already saved, byte for byte the same: a closed shift's or a past day's report is reproducible (the same data gives the same PDF), so the saved file was kept. {pages} pages, data hash {hash}.</source>
        <translation>{name} was already saved, byte for byte the same: a closed shift's or a past day's report is reproducible (the same data gives the same PDF), so the saved file was kept. {pages} pages, data hash {hash}.</translation>
    </message>
    <message>
        <source>Saved {name}: an amended report ({pages} pages, data hash {hash}). Corrections were recorded after the close-out; every page says amended and the changes against the signed report (data hash {signed}) are listed up front. The signed report stays as {existing}.</source>
        <translation>Saved {name}: an amended report ({pages} pages, data hash {hash}). Corrections were recorded after the close-out; every page says amended and the changes against the signed report (data hash {signed}) are listed up front. The signed report stays as {existing}.</translation>
    </message>
    <message>
        <source>{existing} differs from this report: the data changed since it was saved (a correction recorded after the day was over) or another version of the desk made it. That file was kept and this report saved beside it as {name}. {pages} pages, data hash {hash}.</source>
        <translation>{existing} differs from this report: the data changed since it was saved (a correction recorded after the day was over) or another version of the desk made it. That file was kept and this report saved beside it as {name}. {pages} pages, data hash {hash}.</translation>
    </message>
    <message>
        <source>Saved {name}: {pages} pages, data hash {hash}. It replaces the earlier provisional report.</source>
        <translation>Saved {name}: {pages} pages, data hash {hash}. It replaces the earlier provisional report.</translation>
    </message>
    <message>
        <source>Saved {name}: {pages} pages, data hash {hash}.</source>
        <translation>Saved {name}: {pages} pages, data hash {hash}.</translation>
    </message>
    <message>
        <source>Amended: corrected after the close-out signed with data hash {signed}.</source>
        <translation>Amended: corrected after the close-out signed with data hash {signed}.</translation>
    </message>
    <message>
        <source>Provisional: the period is not over yet, and every page of the report says so.</source>
        <translation>Provisional: the period is not over yet, and every page of the report says so.</translation>
    </message>
    <message>
        <source>Reports are saved in {folder}</source>
        <translation>Reports are saved in {folder}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Choose a shift in the list, or a day.</source>
        <translation>Choose a shift in the list, or a day.</translation>
    </message>
    <message>
        <source>The folder could not be opened: {folder}</source>
        <translation>The folder could not be opened: {folder}</translation>
    </message>
    <message>
        <source>Shifts since {date}, newest first. A closed shift gives the final report; the open shift a provisional one.</source>
        <translation>Shifts since {date}, newest first. A closed shift gives the final report; the open shift a provisional one.</translation>
    </message>
    <message>
        <source>The day is not over: the report will be provisional.</source>
        <translation>The day is not over: the report will be provisional.</translation>
    </message>
    <message>
        <source>in Chinese</source>
        <translation>in Chinese</translation>
    </message>
    <message>
        <source>in English</source>
        <translation>in English</translation>
    </message>
    <message>
        <source>Daily report for {day}, {language}</source>
        <translation>Daily report for {day}, {language}</translation>
    </message>
    <message>
        <source>Shift report: {team}, from {start}, {language}</source>
        <translation>Shift report: {team}, from {start}, {language}</translation>
    </message>
    <message>
        <source>The shift is still open: the report will be provisional, as of now.</source>
        <translation>The shift is still open: the report will be provisional, as of now.</translation>
    </message>
    <message>
        <source>The report as signed at close-out; corrections recorded since make an amended report, saved beside it.</source>
        <translation>The report as signed at close-out; corrections recorded since make an amended report, saved beside it.</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>Shifts</translation>
    </message>
    <message>
        <source>Show earlier shifts</source>
        <translation>Show earlier shifts</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Report on</source>
        <translation>Report on</translation>
    </message>
    <message>
        <source>the shift chosen on the left</source>
        <translation>the shift chosen on the left</translation>
    </message>
    <message>
        <source>a whole day</source>
        <translation>a whole day</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Redacted (for copies that leave the post)</source>
        <translation>Redacted (for copies that leave the post)</translation>
    </message>
    <message>
        <source>Traveller references masked, e.g. E482****70; the file name ends in -redacted</source>
        <translation>Traveller references masked, e.g. E482****70; the file name ends in -redacted</translation>
    </message>
    <message>
        <source>The port's calendar day ({zone}), midnight to midnight, with every shift that overlaps it.</source>
        <translation>The port's calendar day ({zone}), midnight to midnight, with every shift that overlaps it.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Open the reports folder</source>
        <translation>Open the reports folder</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Deputy captain</source>
        <translation>Deputy captain</translation>
    </message>
    <message>
        <source>Captain</source>
        <translation>Captain</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>RuleDetail</name>
    <message>
        <source>joined queue</source>
        <translation>joined queue</translation>
    </message>
    <message>
        <source>service started</source>
        <translation>service started</translation>
    </message>
    <message>
        <source>shift start</source>
        <translation>shift start</translation>
    </message>
    <message>
        <source>planned start</source>
        <translation>planned start</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>finished</translation>
    </message>
    <message>
        <source>already corrected</source>
        <translation>already corrected</translation>
    </message>
    <message>
        <source>start service</source>
        <translation>start service</translation>
    </message>
    <message>
        <source>finish</source>
        <translation>finish</translation>
    </message>
    <message>
        <source>correct it</source>
        <translation>correct it</translation>
    </message>
    <message>
        <source>move it</source>
        <translation>move it</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>moved</translation>
    </message>
    <message>
        <source>undo it</source>
        <translation>undo it</translation>
    </message>
    <message>
        <source>undone already</source>
        <translation>undone already</translation>
    </message>
    <message>
        <source>undo the move</source>
        <translation>undo the move</translation>
    </message>
    <message>
        <source>a subject</source>
        <translation>a subject</translation>
    </message>
    <message>
        <source>start + 24 h</source>
        <translation>start + 24 h</translation>
    </message>
    <message>
        <source>now - 2 days</source>
        <translation>now - 2 days</translation>
    </message>
    <message>
        <source>now + 60 days</source>
        <translation>now + 60 days</translation>
    </message>
    <message>
        <source>not decided by an authorised role</source>
        <translation>not decided by an authorised role</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>is required</source>
        <translation>is required</translation>
    </message>
    <message>
        <source>must be at most {limit} characters</source>
        <translation>must be at most {limit} characters</translation>
    </message>
    <message>
        <source>must be between {low} and {high}</source>
        <translation>must be between {low} and {high}</translation>
    </message>
    <message>
        <source>does not exist at this port</source>
        <translation>does not exist at this port</translation>
    </message>
    <message>
        <source>is in the future (more than {tolerance_s} s ahead of this desk's clock)</source>
        <translation>is in the future (more than {tolerance_s} s ahead of this desk's clock)</translation>
    </message>
    <message>
        <source>is too far in the past (earlier than {limit})</source>
        <translation>is too far in the past (earlier than {limit})</translation>
    </message>
    <message>
        <source>must not be earlier than {after} ({after_at})</source>
        <translation>must not be earlier than {after} ({after_at})</translation>
    </message>
    <message>
        <source>lane {lane} is closed</source>
        <translation>lane {lane} is closed</translation>
    </message>
    <message>
        <source>lane {lane} is already open</source>
        <translation>lane {lane} is already open</translation>
    </message>
    <message>
        <source>lane {lane} still has {waiting} in its queue</source>
        <translation>lane {lane} still has {waiting} in its queue</translation>
    </message>
    <message>
        <source>{officer} works lane {lane} already; move them, not a second lane</source>
        <translation>{officer} works lane {lane} already; move them, not a second lane</translation>
    </message>
    <message>
        <source>{officer} is not on duty in this shift</source>
        <translation>{officer} is not on duty in this shift</translation>
    </message>
    <message>
        <source>{officer} is on duty already</source>
        <translation>{officer} is on duty already</translation>
    </message>
    <message>
        <source>must not be earlier than {officer}'s last posting ({last_at})</source>
        <translation>must not be earlier than {officer}'s last posting ({last_at})</translation>
    </message>
    <message>
        <source>lane {lane} takes {subjects}, not {subject_kind}</source>
        <translation>lane {lane} takes {subjects}, not {subject_kind}</translation>
    </message>
    <message>
        <source>lane {lane} is for {lane_direction}, not {direction}</source>
        <translation>lane {lane} is for {lane_direction}, not {direction}</translation>
    </message>
    <message>
        <source>there is no open shift at this port</source>
        <translation>there is no open shift at this port</translation>
    </message>
    <message>
        <source>is before the open shift started ({shift_start})</source>
        <translation>is before the open shift started ({shift_start})</translation>
    </message>
    <message>
        <source>another shift is already open ({shift})</source>
        <translation>another shift is already open ({shift})</translation>
    </message>
    <message>
        <source>the shift is {state}, it must be {expected}</source>
        <translation>the shift is {state}, it must be {expected}</translation>
    </message>
    <message>
        <source>the shift is closed; only corrections with a reason are accepted</source>
        <translation>the shift is closed; only corrections with a reason are accepted</translation>
    </message>
    <message>
        <source>checklist items without a result: {missing}</source>
        <translation>checklist items without a result: {missing}</translation>
    </message>
    <message>
        <source>required checks failed: {failed}; a deputy captain must override each with a reason</source>
        <translation>required checks failed: {failed}; a deputy captain must override each with a reason</translation>
    </message>
    <message>
        <source>{item} is not a failed required check; nothing to override</source>
        <translation>{item} is not a failed required check; nothing to override</translation>
    </message>
    <message>
        <source>a failed check needs a note saying what failed</source>
        <translation>a failed check needs a note saying what failed</translation>
    </message>
    <message>
        <source>{reference} is already in the queue on lane {lane}</source>
        <translation>{reference} is already in the queue on lane {lane}</translation>
    </message>
    <message>
        <source>this clearance is {state}; {step} is not possible</source>
        <translation>this clearance is {state}; {step} is not possible</translation>
    </message>
    <message>
        <source>{reference} is already on lane {lane}</source>
        <translation>{reference} is already on lane {lane}</translation>
    </message>
    <message>
        <source>needs one of the roles {roles}; {officer} is {role}</source>
        <translation>needs one of the roles {roles}; {officer} is {role}</translation>
    </message>
    <message>
        <source>a request cannot be approved by the officer who made it</source>
        <translation>a request cannot be approved by the officer who made it</translation>
    </message>
    <message>
        <source>a priority lane needs an approved priority clearance</source>
        <translation>a priority lane needs an approved priority clearance</translation>
    </message>
    <message>
        <source>the approval is {decision}</source>
        <translation>the approval is {decision}</translation>
    </message>
    <message>
        <source>this approval was already used for an assignment</source>
        <translation>this approval was already used for an assignment</translation>
    </message>
    <message>
        <source>the approval is for {approved}, not {subject_ref}</source>
        <translation>the approval is for {approved}, not {subject_ref}</translation>
    </message>
    <message>
        <source>{count} priority request(s) still wait for a decision</source>
        <translation>{count} priority request(s) still wait for a decision</translation>
    </message>
    <message>
        <source>badge number or PIN is wrong</source>
        <translation>badge number or PIN is wrong</translation>
    </message>
    <message>
        <source>too many wrong PINs; locked until {until}</source>
        <translation>too many wrong PINs; locked until {until}</translation>
    </message>
    <message>
        <source>must be {low} to {high} digits</source>
        <translation>must be {low} to {high} digits</translation>
    </message>
    <message>
        <source>{value} is already used</source>
        <translation>{value} is already used</translation>
    </message>
    <message>
        <source>officer {badge_no} is not active</source>
        <translation>officer {badge_no} is not active</translation>
    </message>
    <message>
        <source>{badge_no} is the post's last active admin; make another admin first</source>
        <translation>{badge_no} is the post's last active admin; make another admin first</translation>
    </message>
    <message>
        <source>the forecast is {status}</source>
        <translation>the forecast is {status}</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation>must be one of {choices}</translation>
    </message>
    <message>
        <source>must be {expected}</source>
        <translation>must be {expected}</translation>
    </message>
    <message>
        <source>this contact was already answered</source>
        <translation>this contact was already answered</translation>
    </message>
    <message>
        <source>must not contain control or text-direction characters (found {char})</source>
        <translation>must not contain control or text-direction characters (found {char})</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field}: {message}</translation>
    </message>
</context>
<context>
    <name>ServiceLinePage</name>
    <message>
        <source>Choose the contact you answered in the list.</source>
        <translation>Choose the contact you answered in the list.</translation>
    </message>
    <message>
        <source>Waiting for a reply: {count} (overdue: {overdue})</source>
        <translation>Waiting for a reply: {count} (overdue: {overdue})</translation>
    </message>
    <message>
        <source>12367 service line</source>
        <translation>12367 service line</translation>
    </message>
    <message>
        <source>Record every consultation, complaint, suggestion or praise from the 12367 line, on site or online. A contact stays on the list below, shift after shift, until its reply is recorded.</source>
        <translation>Record every consultation, complaint, suggestion or praise from the 12367 line, on site or online. A contact stays on the list below, shift after shift, until its reply is recorded.</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Related clearance (reference)</source>
        <translation>Related clearance (reference)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Reply promised by</source>
        <translation>Reply promised by</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Reply given</source>
        <translation>Reply given</translation>
    </message>
    <message>
        <source>Record the reply</source>
        <translation>Record the reply</translation>
    </message>
</context>
<context>
    <name>ShiftListModel</name>
    <message>
        <source>Start (port time)</source>
        <translation>Start (port time)</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>Duty team</translation>
    </message>
    <message>
        <source>Deputy captain</source>
        <translation>Deputy captain</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Open: provisional report</source>
        <translation>Open: provisional report</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <source>Open shift: {team}, since {time}, opened by {name}</source>
        <translation>Open shift: {team}, since {time}, opened by {name}</translation>
    </message>
    <message>
        <source>Planned shift: {team}, {start} to {end}. Record every check, then open it.</source>
        <translation>Planned shift: {team}, {start} to {end}. Record every check, then open it.</translation>
    </message>
    <message>
        <source>No shift is open. Plan the next shift.</source>
        <translation>No shift is open. Plan the next shift.</translation>
    </message>
    <message>
        <source>Last closed shift: {team}, closed at {time} by {name}.</source>
        <translation>Last closed shift: {team}, closed at {time} by {name}.</translation>
    </message>
    <message>
        <source>(required)</source>
        <translation>(required)</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>not checked yet</translation>
    </message>
    <message>
        <source>overridden by {name}: {reason}</source>
        <translation>overridden by {name}: {reason}</translation>
    </message>
    <message>
        <source>blocks opening the shift</source>
        <translation>blocks opening the shift</translation>
    </message>
    <message>
        <source>Override…</source>
        <translation>Override…</translation>
    </message>
    <message>
        <source>Note (needed when a check fails)</source>
        <translation>Note (needed when a check fails)</translation>
    </message>
    <message>
        <source>{subject}: {reason} (requested by {name})</source>
        <translation>{subject}: {reason} (requested by {name})</translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count}</source>
        <translation>Priority requests waiting for a decision: {count}</translation>
    </message>
    <message>
        <source>Emergency passages this shift: {count}</source>
        <translation>Emergency passages this shift: {count}</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>Shift opened</translation>
    </message>
    <message>
        <source>Only a deputy captain or above can plan, open and close a shift.</source>
        <translation>Only a deputy captain or above can plan, open and close a shift.</translation>
    </message>
    <message>
        <source>Plan the next shift</source>
        <translation>Plan the next shift</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>Duty team</translation>
    </message>
    <message>
        <source>Planned start (port time)</source>
        <translation>Planned start (port time)</translation>
    </message>
    <message>
        <source>Planned end (port time)</source>
        <translation>Planned end (port time)</translation>
    </message>
    <message>
        <source>Plan shift</source>
        <translation>Plan shift</translation>
    </message>
    <message>
        <source>Checklist before taking over</source>
        <translation>Checklist before taking over</translation>
    </message>
    <message>
        <source>Open the shift</source>
        <translation>Open the shift</translation>
    </message>
    <message>
        <source>During the shift</source>
        <translation>During the shift</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Decide…</translation>
    </message>
    <message>
        <source>Add details…</source>
        <translation>Add details…</translation>
    </message>
    <message>
        <source>Close out the shift…</source>
        <translation>Close out the shift…</translation>
    </message>
</context>
<context>
    <name>ShiftState</name>
    <message>
        <source>Planned</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>SizeMethod</name>
    <message>
        <source>Counted</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>Estimated</translation>
    </message>
</context>
<context>
    <name>SubjectKind</name>
    <message>
        <source>Traveller</source>
        <translation>Traveller</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Train</translation>
    </message>
</context>
<context>
    <name>SyncEntity</name>
    <message>
        <source>Forecast</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>Duty team</translation>
    </message>
    <message>
        <source>Priority approval</source>
        <translation>Priority approval</translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation>Emergency passage</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Clearance step</source>
        <translation>Clearance step</translation>
    </message>
    <message>
        <source>Audit entry</source>
        <translation>Audit entry</translation>
    </message>
    <message>
        <source>Lane assignment</source>
        <translation>Lane assignment</translation>
    </message>
    <message>
        <source>Lane opened or closed</source>
        <translation>Lane opened or closed</translation>
    </message>
    <message>
        <source>Checklist result</source>
        <translation>Checklist result</translation>
    </message>
</context>
<context>
    <name>SyncField</name>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Expected at</source>
        <translation>Expected at</translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation>Expected travellers</translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation>Expected vehicles</translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Pre-inspection</source>
        <translation>Pre-inspection</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Arrived at</source>
        <translation>Arrived at</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>Name (Chinese)</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>Name (English)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Takes</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Capacity per hour</source>
        <translation>Capacity per hour</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation>Duty team</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>Planned end</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>Opened at</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>Opened by</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>Closed by</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>Handover notes</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>Decided at</translation>
    </message>
    <message>
        <source>Decision note</source>
        <translation>Decision note</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>Saved at</translation>
    </message>
</context>
<context>
    <name>SyncHeld</name>
    <message>
        <source>A value HQ cannot store</source>
        <translation>A value HQ cannot store</translation>
    </message>
    <message>
        <source>Refers to a record HQ does not have</source>
        <translation>Refers to a record HQ does not have</translation>
    </message>
    <message>
        <source>Breaks a rule HQ enforces</source>
        <translation>Breaks a rule HQ enforces</translation>
    </message>
    <message>
        <source>Waits for a record set aside</source>
        <translation>Waits for a record set aside</translation>
    </message>
    <message>
        <source>Correct the record</source>
        <translation>Correct the record</translation>
    </message>
    <message>
        <source>Nothing: it waits</source>
        <translation>Nothing: it waits</translation>
    </message>
    <message>
        <source>Send again, or discard</source>
        <translation>Send again, or discard</translation>
    </message>
    <message>
        <source>Correct the record: the corrected version goes by itself</source>
        <translation>Correct the record: the corrected version goes by itself</translation>
    </message>
    <message>
        <source>Nothing to do: it goes once the record it names reaches HQ</source>
        <translation>Nothing to do: it goes once the record it names reaches HQ</translation>
    </message>
    <message>
        <source>Send it again once HQ is fixed, or discard it with a reason</source>
        <translation>Send it again once HQ is fixed, or discard it with a reason</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>Set aside</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>What to do</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>{count} changes</source>
        <translation>{count} changes</translation>
    </message>
    <message>
        <source>This desk and HQ cannot sync until one of them is updated. HQ says:</source>
        <translation>This desk and HQ cannot sync until one of them is updated. HQ says:</translation>
    </message>
    <message>
        <source>HQ did not answer. The desk keeps trying and syncs as soon as HQ answers; nothing is lost meanwhile. Last error:</source>
        <translation>HQ did not answer. The desk keeps trying and syncs as soon as HQ answers; nothing is lost meanwhile. Last error:</translation>
    </message>
    <message>
        <source>HQ's words:</source>
        <translation>HQ's words:</translation>
    </message>
    <message>
        <source>The error:</source>
        <translation>The error:</translation>
    </message>
    <message>
        <source>HQ no longer accepts this desk's credential. If it was lost, enrol again with a new code from HQ; if HQ revoked this desk, ask HQ.</source>
        <translation>HQ no longer accepts this desk's credential. If it was lost, enrol again with a new code from HQ; if HQ revoked this desk, ask HQ.</translation>
    </message>
    <message>
        <source>This desk is not enrolled at HQ yet: its records stay here. Ask HQ for a one-time code for port {port} (checkpoint-hq enroll --port {port}) and enter it with HQ's address.</source>
        <translation>This desk is not enrolled at HQ yet: its records stay here. Ask HQ for a one-time code for port {port} (checkpoint-hq enroll --port {port}) and enter it with HQ's address.</translation>
    </message>
    <message>
        <source>Sync started</source>
        <translation>Sync started</translation>
    </message>
    <message>
        <source>Enter HQ's address with https:// (http:// only for HQ on this computer), e.g. https://hq.example.cn:8470</source>
        <translation>Enter HQ's address with https:// (http:// only for HQ on this computer), e.g. https://hq.example.cn:8470</translation>
    </message>
    <message>
        <source>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</source>
        <translation>Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H</translation>
    </message>
    <message>
        <source>Asking HQ…</source>
        <translation>Asking HQ…</translation>
    </message>
    <message>
        <source>Enrolled at {url}: syncing starts now</source>
        <translation>Enrolled at {url}: syncing starts now</translation>
    </message>
    <message>
        <source>Enrolment failed: {detail}</source>
        <translation>Enrolment failed: {detail}</translation>
    </message>
    <message>
        <source>HQ did not answer at {url}: check the address and the link, then try again. ({detail})</source>
        <translation>HQ did not answer at {url}: check the address and the link, then try again. ({detail})</translation>
    </message>
    <message>
        <source>HQ did not accept this code: it is unknown, already used or expired (a code lasts 24 hours). Ask HQ for a new one.</source>
        <translation>HQ did not accept this code: it is unknown, already used or expired (a code lasts 24 hours). Ask HQ for a new one.</translation>
    </message>
    <message>
        <source>This code is for another port: ask HQ for a code for port {port}.</source>
        <translation>This code is for another port: ask HQ for a code for port {port}.</translation>
    </message>
    <message>
        <source>HQ could not read this code: check it against the one HQ gave.</source>
        <translation>HQ could not read this code: check it against the one HQ gave.</translation>
    </message>
    <message>
        <source>HQ refuses this desk: it was revoked, or belongs to another port.</source>
        <translation>HQ refuses this desk: it was revoked, or belongs to another port.</translation>
    </message>
    <message>
        <source>This desk and HQ cannot talk until one of them is updated: {detail}</source>
        <translation>This desk and HQ cannot talk until one of them is updated: {detail}</translation>
    </message>
    <message>
        <source>Save the sync bundle</source>
        <translation>Save the sync bundle</translation>
    </message>
    <message>
        <source>Sync bundles (*.{suffix})</source>
        <translation>Sync bundles (*.{suffix})</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Writing the bundle…</translation>
    </message>
    <message>
        <source>Bundle written: {rows} records (entries {first}–{last}), {size} KB, in {path}. Import it at HQ (checkpoint-hq import-bundle); this desk learns what HQ accepted at its next sync.</source>
        <translation>Bundle written: {rows} records (entries {first}–{last}), {size} KB, in {path}. Import it at HQ (checkpoint-hq import-bundle); this desk learns what HQ accepted at its next sync.</translation>
    </message>
    <message>
        <source>Bundle written, empty: HQ already has every record. {path}</source>
        <translation>Bundle written, empty: HQ already has every record. {path}</translation>
    </message>
    <message>
        <source>Sync bundle written</source>
        <translation>Sync bundle written</translation>
    </message>
    <message>
        <source>Only an enrolled desk can sign a bundle: enrol it at HQ first.</source>
        <translation>Only an enrolled desk can sign a bundle: enrol it at HQ first.</translation>
    </message>
    <message>
        <source>Could not write the bundle: {detail}</source>
        <translation>Could not write the bundle: {detail}</translation>
    </message>
    <message>
        <source>Entry {seq}: {detail}. What to do: {advice}</source>
        <translation>Entry {seq}: {detail}. What to do: {advice}</translation>
    </message>
    <message>
        <source>Only a deputy captain or above may discard an entry</source>
        <translation>Only a deputy captain or above may discard an entry</translation>
    </message>
    <message>
        <source>{count} entries queued again: they go with the next sync</source>
        <translation>{count} entries queued again: they go with the next sync</translation>
    </message>
    <message>
        <source>Entry {seq} discarded: HQ will not receive it; the audit log keeps why</source>
        <translation>Entry {seq} discarded: HQ will not receive it; the audit log keeps why</translation>
    </message>
    <message>
        <source>Conflicts ({count})</source>
        <translation>Conflicts ({count})</translation>
    </message>
    <message>
        <source>Set aside ({count})</source>
        <translation>Set aside ({count})</translation>
    </message>
    <message>
        <source>this desk</source>
        <translation>this desk</translation>
    </message>
    <message>
        <source>HQ</source>
        <translation>HQ</translation>
    </message>
    <message>
        <source>{record}: the version by {loser} lost to {winner} ({rule}), {when}</source>
        <translation>{record}: the version by {loser} lost to {winner} ({rule}), {when}</translation>
    </message>
    <message>
        <source>Sync with HQ</source>
        <translation>Sync with HQ</translation>
    </message>
    <message>
        <source>Link to HQ</source>
        <translation>Link to HQ</translation>
    </message>
    <message>
        <source>Enrol this desk at HQ or at the post's hub</source>
        <translation>Enrol this desk at HQ or at the post's hub</translation>
    </message>
    <message>
        <source>HQ's or the post's hub's address</source>
        <translation>HQ's or the post's hub's address</translation>
    </message>
    <message>
        <source>When HQ and this post changed the same fields of a record, HQ kept one version by the rule below; the other is never dropped: it is listed here whole. Newest first.</source>
        <translation>When HQ and this post changed the same fields of a record, HQ kept one version by the rule below; the other is never dropped: it is listed here whole. Newest first.</translation>
    </message>
    <message>
        <source>No conflicts: every change was kept.</source>
        <translation>No conflicts: every change was kept.</translation>
    </message>
    <message>
        <source>HQ refused these entries for a rule, or they wait for one it refused. Everything else keeps going to HQ; these stay here until they reach it or are discarded, never dropped.</source>
        <translation>HQ refused these entries for a rule, or they wait for one it refused. Everything else keeps going to HQ; these stay here until they reach it or are discarded, never dropped.</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Queue every entry set aside again (after HQ or the record was fixed)</source>
        <translation>Queue every entry set aside again (after HQ or the record was fixed)</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Discard…</translation>
    </message>
    <message>
        <source>Why discard it</source>
        <translation>Why discard it</translation>
    </message>
    <message>
        <source>Your PIN</source>
        <translation>Your PIN</translation>
    </message>
    <message>
        <source>Discard this entry</source>
        <translation>Discard this entry</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <source>Not at HQ yet</source>
        <translation>Not at HQ yet</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>Set aside</translation>
    </message>
    <message>
        <source>Conflicts kept</source>
        <translation>Conflicts kept</translation>
    </message>
    <message>
        <source>Next sync</source>
        <translation>Next sync</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Export bundle…</source>
        <translation>Export bundle…</translation>
    </message>
    <message>
        <source>For a post with no link: the records HQ does not have yet, in one signed file to carry to HQ (USB)</source>
        <translation>For a post with no link: the records HQ does not have yet, in one signed file to carry to HQ (USB)</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Version that lost</source>
        <translation>Version that lost</translation>
    </message>
    <message>
        <source>Version kept</source>
        <translation>Version kept</translation>
    </message>
</context>
<context>
    <name>SyncRule</name>
    <message>
        <source>HQ owns them</source>
        <translation>HQ owns them</translation>
    </message>
    <message>
        <source>The post owns them</source>
        <translation>The post owns them</translation>
    </message>
    <message>
        <source>Later edit wins</source>
        <translation>Later edit wins</translation>
    </message>
    <message>
        <source>Closed shift is final</source>
        <translation>Closed shift is final</translation>
    </message>
    <message>
        <source>Entered at two desks: merged into one, later edit wins</source>
        <translation>Entered at two desks: merged into one, later edit wins</translation>
    </message>
</context>
<context>
    <name>SyncSlot</name>
    <message>
        <source>Encrypted (TLS), HQ's certificate pinned at enrolment</source>
        <translation>Encrypted (TLS), HQ's certificate pinned at enrolment</translation>
    </message>
    <message>
        <source>Encrypted (TLS), HQ's certificate not pinned</source>
        <translation>Encrypted (TLS), HQ's certificate not pinned</translation>
    </message>
    <message>
        <source>Not encrypted: HQ on this computer (nothing crosses a wire)</source>
        <translation>Not encrypted: HQ on this computer (nothing crosses a wire)</translation>
    </message>
    <message>
        <source>NOT ENCRYPTED: plain HTTP, allowed for this post</source>
        <translation>NOT ENCRYPTED: plain HTTP, allowed for this post</translation>
    </message>
    <message>
        <source>Refused: plain HTTP to another computer, nothing sent</source>
        <translation>Refused: plain HTTP to another computer, nothing sent</translation>
    </message>
    <message>
        <source>checking with HQ</source>
        <translation>checking with HQ</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sending</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>receiving</translation>
    </message>
    <message>
        <source>Sync: reading the state…</source>
        <translation>Sync: reading the state…</translation>
    </message>
    <message>
        <source>Sync: not enrolled at HQ ({count} not sent)</source>
        <translation>Sync: not enrolled at HQ ({count} not sent)</translation>
    </message>
    <message>
        <source>Sync: enrolled, not synced yet ({count} pending)</source>
        <translation>Sync: enrolled, not synced yet ({count} pending)</translation>
    </message>
    <message>
        <source>Hub ✓ {time} · {hq}</source>
        <translation>Hub ✓ {time} · {hq}</translation>
    </message>
    <message>
        <source>Synced {time} ({count} pending, {held} set aside)</source>
        <translation>Synced {time} ({count} pending, {held} set aside)</translation>
    </message>
    <message>
        <source>Synced {time} ({count} pending)</source>
        <translation>Synced {time} ({count} pending)</translation>
    </message>
    <message>
        <source>Syncing… {phase} {progress}</source>
        <translation>Syncing… {phase} {progress}</translation>
    </message>
    <message>
        <source>Offline, trying again</source>
        <translation>Offline, trying again</translation>
    </message>
    <message>
        <source>Offline since {since}, trying again</source>
        <translation>Offline since {since}, trying again</translation>
    </message>
    <message>
        <source>Offline, next try {next}</source>
        <translation>Offline, next try {next}</translation>
    </message>
    <message>
        <source>Offline since {since}, next try {next}</source>
        <translation>Offline since {since}, next try {next}</translation>
    </message>
    <message>
        <source>Sync stopped: update required</source>
        <translation>Sync stopped: update required</translation>
    </message>
    <message>
        <source>HQ refused: {detail}</source>
        <translation>HQ refused: {detail}</translation>
    </message>
    <message>
        <source>Sync error: {detail}</source>
        <translation>Sync error: {detail}</translation>
    </message>
    <message>
        <source>HQ offline since {since}</source>
        <translation>HQ offline since {since}</translation>
    </message>
    <message>
        <source>HQ not reached yet</source>
        <translation>HQ not reached yet</translation>
    </message>
    <message>
        <source>HQ ✓ {time}</source>
        <translation>HQ ✓ {time}</translation>
    </message>
    <message>
        <source>HQ refused this desk's credential</source>
        <translation>HQ refused this desk's credential</translation>
    </message>
    <message>
        <source>HQ refused the data</source>
        <translation>HQ refused the data</translation>
    </message>
    <message>
        <source>The last sync failed</source>
        <translation>The last sync failed</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>Clock {amount} ahead of HQ</source>
        <translation>Clock {amount} ahead of HQ</translation>
    </message>
    <message>
        <source>Clock {amount} behind HQ</source>
        <translation>Clock {amount} behind HQ</translation>
    </message>
    <message>
        <source>This desk's clock is {amount} ahead of HQ's: check the time</source>
        <translation>This desk's clock is {amount} ahead of HQ's: check the time</translation>
    </message>
    <message>
        <source>This desk's clock is {amount} behind HQ's: check the time</source>
        <translation>This desk's clock is {amount} behind HQ's: check the time</translation>
    </message>
    <message>
        <source>Click for the sync panel (Ctrl+6)</source>
        <translation>Click for the sync panel (Ctrl+6)</translation>
    </message>
</context>
<context>
    <name>TravellerCategory</name>
    <message>
        <source>Chinese citizen</source>
        <translation>Chinese citizen</translation>
    </message>
    <message>
        <source>Foreign national</source>
        <translation>Foreign national</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>Crew</translation>
    </message>
    <message>
        <source>HK, Macao, Taiwan</source>
        <translation>HK, Macao, Taiwan</translation>
    </message>
</context>
<context>
    <name>UndoDialog</name>
    <message>
        <source>Say why this step is undone</source>
        <translation>Say why this step is undone</translation>
    </message>
    <message>
        <source>Undo a step</source>
        <translation>Undo a step</translation>
    </message>
    <message>
        <source>Undo {what}? The step stays in the record, marked as undone.</source>
        <translation>Undo {what}? The step stays in the record, marked as undone.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Wrong key pressed</source>
        <translation>Wrong key pressed</translation>
    </message>
    <message>
        <source>Wrong code scanned</source>
        <translation>Wrong code scanned</translation>
    </message>
    <message>
        <source>Wrong traveller</source>
        <translation>Wrong traveller</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Clearance  Ctrl+1</source>
        <translation>Clearance  Ctrl+1</translation>
    </message>
    <message>
        <source>Lanes  Ctrl+2</source>
        <translation>Lanes  Ctrl+2</translation>
    </message>
    <message>
        <source>Forecasts  Ctrl+3</source>
        <translation>Forecasts  Ctrl+3</translation>
    </message>
    <message>
        <source>Shift  Ctrl+4</source>
        <translation>Shift  Ctrl+4</translation>
    </message>
    <message>
        <source>Reports  Ctrl+5</source>
        <translation>Reports  Ctrl+5</translation>
    </message>
    <message>
        <source>Sync  Ctrl+6</source>
        <translation>Sync  Ctrl+6</translation>
    </message>
    <message>
        <source>Roster  Ctrl+7</source>
        <translation>Roster  Ctrl+7</translation>
    </message>
    <message>
        <source>Plan  Ctrl+8</source>
        <translation>Plan  Ctrl+8</translation>
    </message>
    <message>
        <source>12367  Ctrl+9</source>
        <translation>12367  Ctrl+9</translation>
    </message>
</context>
</TS>
