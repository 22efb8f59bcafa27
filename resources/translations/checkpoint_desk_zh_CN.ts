<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDecision</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Priority clearance request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{subject}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (needed to reject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Arrival</name>
    <message>
        <source>Not due yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Request recorded; it waits for a deputy captain&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to a lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast (if any)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why priority clearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority clearance needs a deputy captain&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is recorded in your name. A deputy captain or above approves it here with their own badge and PIN; nobody approves their own request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CargoCategory</name>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Livelihood materials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belt and Road project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General cargo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckResult</name>
    <message>
        <source>Pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClearancePage</name>
    <message>
        <source>Nobody selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected: {reference}, {state}, {wait}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue on {lane}: {count} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is selected in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(undone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded here to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone: {reference}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a traveller in the queue to correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan or type the reference, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>document, ticket, plate or train number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lane is open. Open one on the lanes board (Ctrl+2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo last step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded at this desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClearanceStep</name>
    <message>
        <source>Joined queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseOutDialog</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting {wait}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still in the queue: {count} (carried over to the next shift)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count} (decide them first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined {joined}, cleared {cleared}, referred {referred}, refused {refused}, not finished {open}. Breaches of the 30-minute target: {breaches}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P50 (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P90 (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P95 (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within 30 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special channels: {channels}. Priority clearance: {approved} approved, {rejected} rejected. Emergency passages: {emergencies}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift closed at {time}. It is now read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate and print the shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report: not available yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printed shift report comes with a later version of the desk; the shift&apos;s data is saved and will be in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report sent to the printer: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close out the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Shift summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Handover and signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain&apos;s PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and close the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectCategoryDialog</name>
    <message>
        <source>Say why the category is corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the category of {reference}; the original entry is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Direction</name>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both ways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmergencyDetailsDialog</name>
    <message>
        <source>Emergency passage details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traveller or vehicle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <source>Emergency passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passage: press the number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc: cancel. Details can be added on the shift screen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmergencyKind</name>
    <message>
        <source>Altitude sickness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sudden illness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Injury</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traveller category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clearance step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrival time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approving officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plate, train or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>The two PINs differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No post database was found in {path}. Choose the port this desk serves and create the first administrator; the administrator then adds the roster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator&apos;s badge number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN (4 to 8 digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the post</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForecastDialog</name>
    <message>
        <source>New forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plate, train or flight number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected at (port time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected travellers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected vehicles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForecastModel</name>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travellers (forecast / actual)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vehicles (forecast / actual)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForecastSource</name>
    <message>
        <source>HQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overseas border authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entered here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForecastStatus</name>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForecastsPage</name>
    <message>
        <source>Select a forecast first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast {reference} saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reference} arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecasts: today and tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search reference or carrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All modes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to lane…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set pre-inspection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>No open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift: {team}, open since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer: {name} ({badge}), {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock  [Ctrl+L]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch the language of the whole desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaneKind</name>
    <message>
        <source>Regular</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fast lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belt and Road</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority clearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over-60s lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crew lane</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaneModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaneSubjects</name>
    <message>
        <source>Travellers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vehicles and trains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travellers and vehicles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanesPage</name>
    <message>
        <source>Select a lane first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane {lane} opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane {lane} closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanes and special channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign arrival…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Level</name>
    <message>
        <source>Within target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amber: open a lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red: emergency plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in  [Enter]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or scan your badge, press Enter, then type your PIN and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen locked after inactivity ({name} was signed in). Sign in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This database was written by a newer version of Checkpoint Desk and was left untouched. Install the newer version.

{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post created. Sign in as the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: {name}, {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passage recorded: {kind}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{subject} assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint Desk: verification platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the post&apos;s database…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <source>Road</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreInspection</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueBox</name>
    <message>
        <source>Longest wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ In service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Waiting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deputy captain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleDetail</name>
    <message>
        <source>joined queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>planned start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>correct it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start + 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now - 2 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now + 60 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not decided by an authorised role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at most {limit} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between {low} and {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not exist at this port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is in the future (more than {tolerance_s} s ahead of this desk&apos;s clock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is too far in the past (earlier than {limit})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be earlier than {after} ({after_at})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lane {lane} is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lane {lane} is already open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lane {lane} still has {waiting} in its queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lane {lane} takes {subjects}, not {subject_kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lane {lane} is for {lane_direction}, not {direction}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no open shift at this port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is before the open shift started ({shift_start})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another shift is already open ({shift})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the shift is {state}, it must be {expected}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the shift is closed; only corrections with a reason are accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checklist items without a result: {missing}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a failed check needs a note saying what failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reference} is already in the queue on lane {lane}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this clearance is {state}; {step} is not possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needs one of the roles {roles}; {officer} is {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a request cannot be approved by the officer who made it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a priority lane needs an approved priority clearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the approval is {decision}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this approval was already used for an assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the approval is for {approved}, not {subject_ref}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} priority request(s) still wait for a decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>badge number or PIN is wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many wrong PINs; locked until {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be {low} to {high} digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} is already used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>officer {badge_no} is not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the forecast is {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <source>Open shift: {team}, since {time}, opened by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned shift: {team}, {start} to {end}. Record every check, then open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift is open. Plan the next shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last closed shift: {team}, closed at {time} by {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (needed when a check fails)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{subject}: {reason} (requested by {name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority requests waiting for a decision: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency passages this shift: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a deputy captain or above can plan, open and close a shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan the next shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned start (port time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned end (port time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist before taking over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>During the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close out the shift…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftState</name>
    <message>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubjectKind</name>
    <message>
        <source>Traveller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusSlot</name>
    <message>
        <source>Sync: not connected yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: no link, will retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>({count} waiting)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TravellerCategory</name>
    <message>
        <source>Chinese citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Foreign national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HK, Macao, Taiwan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoDialog</name>
    <message>
        <source>Say why this step is undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo a step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo {what}? The step stays in the record, marked as undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong key pressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong code scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong traveller</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningBanner</name>
    <message>
        <source>Queue wait has reached 25 minutes: start the emergency plan and open every available lane.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue wait has reached 15 minutes: open another lane now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lane…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Clearance  Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanes  Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecasts  Ctrl+3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift  Ctrl+4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
