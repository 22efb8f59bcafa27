"""The feed as XML in the shape of US CBP's Border Wait Times feed (bwt.cbp.gov/xml/bwt.xml).

What is mirrored: the root ``border_wait_time`` with ``last_updated_date``
and ``last_updated_time``; one ``port`` per port with ``port_number``,
``port_name``, ``hours``, ``date``, ``port_status``; one element per lane
type (CBP: ``passenger_vehicle_lanes``, ``pedestrian_lanes``,
``commercial_vehicle_lanes`` with standard/FAST/NEXUS lanes) holding
``maximum_lanes``, ``lanes_open``, ``update_time``, ``operational_status``
(CBP's words: "no delay", "delay", "Lanes Closed", "Update Pending", "N/A")
and ``delay_minutes``.  What differs: CBP's delay is an officer's estimate;
ours is measured, so each lane type also says how many wait
(``waiting``) and the longest wait (``longest_delay_minutes``), and
``delay_minutes`` is the median wait of those waiting.  A stale port's
lanes say "Update Pending" with the minutes of its last contact and
``stale`` true, as CBP marks a lane it has no fresh figure for.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from desktop_app.rounding import half_up
from hq.public.feed import Feed, LaneTypeLine, PortLine

STATION_ZONE = ZoneInfo("Asia/Shanghai")  # the feed's own stamp is in Beijing time

ELEMENT = {
    "regular": "regular_lanes",
    "green": "green_channel_lanes",
    "fast": "fast_lanes",
    "belt_road": "belt_and_road_lanes",
    "vehicles": "vehicle_lanes",
    "rail": "rail_lanes",
}


def _minutes(seconds: int | None) -> str:
    return "" if seconds is None else half_up(seconds / 60, 0)


def _sub(parent: ET.Element, tag: str, text: object) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = "" if text is None else str(text)
    return child


def _hours(port: PortLine) -> str:
    if not port.today_open:
        return "Closed today"
    if port.today_opens is None:
        return "24 hrs/day"
    return f"{port.today_opens}-{port.today_closes}"


def _status(port: PortLine) -> str:
    return {"open": "Open", "closed": "Closed", "suspended": "Suspended"}.get(
        port.status, "Seasonal"
    )


def _operational(port: PortLine, lane: LaneTypeLine) -> str:
    if not port.open_now or lane.lanes_open == 0:
        return "Lanes Closed"
    if port.stale:
        return "Update Pending"
    return "delay" if (lane.median_wait_s or 0) >= 60 else "no delay"


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def render(feed: Feed) -> bytes:
    root = ET.Element("border_wait_time")
    stamp = feed.generated_at.astimezone(STATION_ZONE)
    _sub(root, "schema", feed.schema)
    _sub(root, "last_updated_date", stamp.strftime("%Y-%m-%d"))
    _sub(root, "last_updated_time", stamp.strftime("%H:%M:%S"))
    _sub(root, "time_zone", "Asia/Shanghai")
    _sub(root, "service_line", feed.service_line)
    for port in feed.ports:
        zone = ZoneInfo(port.time_zone)
        node = ET.SubElement(root, "port")
        _sub(node, "port_number", port.code)
        _sub(node, "port_name", port.name_zh)
        _sub(node, "port_name_en", port.name_en)
        _sub(node, "hours", _hours(port))
        _sub(node, "date", feed.generated_at.astimezone(zone).strftime("%Y-%m-%d"))
        _sub(node, "port_status", _status(port))
        _sub(node, "stale", "true" if port.stale else "false")
        _sub(node, "update_time", _local(port.updated_at, zone))
        for lane in port.lane_types:
            group = ET.SubElement(node, ELEMENT[lane.lane_type])
            _sub(group, "maximum_lanes", lane.lanes)
            _sub(group, "lanes_open", lane.lanes_open)
            _sub(group, "update_time", _local(port.updated_at, zone))
            _sub(group, "operational_status", _operational(port, lane))
            _sub(group, "delay_minutes", _minutes(lane.median_wait_s))
            _sub(group, "longest_delay_minutes", _minutes(lane.longest_wait_s))
            _sub(group, "waiting", "" if lane.waiting is None else lane.waiting)
            _sub(group, "stale", "true" if port.stale else "false")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
