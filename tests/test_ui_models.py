"""Table models without a window (Vorta style), checked by pytest-qt's model tester."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from db.enums import Direction, Mode, SubjectKind, TravellerCategory
from desktop_app import clearance, forecasts, queue
from ui.app import language_for
from ui.live import load_snapshot
from ui.models.base import KeyRole, SortRole
from ui.models.forecast_model import ForecastFilter, ForecastModel, load_board
from ui.models.lane_model import LaneModel
from ui.models.queue_model import QueueModel

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture(autouse=True)
def english(qapp):
    """The texts below are the English sources (the app may have run in Chinese before)."""
    language = language_for(qapp, "en")
    yield
    language.set("zh_CN")


def join(post, reference, minutes_ago, category=TravellerCategory.CHINESE_CITIZEN):
    return clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference=reference,
        subject_kind=SubjectKind.PERSON,
        traveller_category=category,
        by=post.officer.id,
        at=post.clock.at - timedelta(minutes=minutes_ago),
    )


def test_queue_model(qtmodeltester, post):
    join(post, "A1", 3)
    oldest = join(post, "A2", 17, TravellerCategory.FOREIGN_NATIONAL)
    join(post, "A3", 9)
    clearance.start_service(post.desk, clearance_id=oldest.clearance_id, by=post.officer.id)
    model = QueueModel(post.clock, lambda: post.desk.port_zone)
    model.set_rows(queue.current_queue(post.desk))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.header(QueueModel.COL_WAIT) == "Waiting"
    first = model.index(0, QueueModel.COL_REFERENCE)
    assert first.data(DISPLAY) == "A2" and first.data(KeyRole) == oldest.clearance_id
    assert model.index(0, QueueModel.COL_CATEGORY).data(DISPLAY) == "Foreign national"
    assert model.index(0, QueueModel.COL_WAIT).data(DISPLAY) == "17:00"  # frozen at service
    assert model.index(0, QueueModel.COL_STATE).data(DISPLAY) == "▶ In service"

    # Sorting uses raw seconds, not the "m:ss" text ("9:00" would sort after "17:00").
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.sort(QueueModel.COL_WAIT, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    order = [proxy.index(r, QueueModel.COL_REFERENCE).data(DISPLAY) for r in range(3)]
    assert order == ["A2", "A3", "A1"]

    # The waiting column ticks with the clock; past 15 minutes it carries the amber icon.
    wait = model.index(1, QueueModel.COL_WAIT)
    assert wait.data(DISPLAY) == "9:00"
    assert wait.data(Qt.ItemDataRole.DecorationRole) is None
    post.clock.advance(minutes=7)
    assert wait.data(DISPLAY) == "16:00"
    assert wait.data(Qt.ItemDataRole.DecorationRole) is not None


def test_lane_model(qtmodeltester, post):
    join(post, "B1", 26)
    model = LaneModel(post.clock, lambda zh, en: en)
    model.set_snapshot(load_snapshot(post.desk))
    qtmodeltester.check(model)
    row = model.row_of_key(post.lane.id)
    assert model.index(row, LaneModel.COL_CODE).data(DISPLAY) == "P-IN-1"
    assert model.index(row, LaneModel.COL_STATE).data(DISPLAY) == "Open"
    assert model.index(row, LaneModel.COL_WAITING).data(DISPLAY) == "1"
    assert model.index(row, LaneModel.COL_LEVEL).data(DISPLAY) == "Red: emergency plan"
    assert model.index(row, LaneModel.COL_LEVEL).data(Qt.ItemDataRole.DecorationRole)
    closed = next(i for i, lane in enumerate(model.rows) if not lane.is_open)
    assert model.index(closed, LaneModel.COL_STATE).data(DISPLAY) == "Closed"
    assert model.index(closed, LaneModel.COL_LONGEST).data(DISPLAY) == "–"


def test_forecast_model_and_filter(qtmodeltester, post):
    soon = post.clock.at + timedelta(minutes=30)
    bus = forecasts.add(
        post.desk, mode=Mode.ROAD, reference="新B-11111", direction=Direction.ENTRY,
        expected_at=soon, by=post.officer.id, expected_travellers=30, carrier="喀什客运",
    )  # fmt: skip
    forecasts.add(
        post.desk, mode=Mode.RAIL, reference="X9001", direction=Direction.EXIT,
        expected_at=soon + timedelta(hours=1), by=post.officer.id, expected_vehicles=1,
    )  # fmt: skip
    forecasts.mark_arrived(post.desk, forecast_id=bus.id, by=post.officer.id)
    clearance.join_queue(
        post.desk, lane_id=post.lane.id, reference="P1", subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN, by=post.officer.id,
        forecast_id=bus.id,
    )  # fmt: skip
    model = ForecastModel(post.clock, lambda: post.desk.port_zone)
    model.set_rows(load_board(post.desk))
    qtmodeltester.check(model)
    row = model.row_of_key(bus.id)
    assert model.index(row, ForecastModel.COL_TRAVELLERS).data(DISPLAY) == "30 / 1"
    assert model.index(row, ForecastModel.COL_DELAY).data(DISPLAY) == "-30"
    assert model.index(row, ForecastModel.COL_ARRIVAL).data(DISPLAY) == "Early"

    proxy = ForecastFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    proxy.set_mode(Mode.RAIL.value)
    assert proxy.rowCount() == 1
    assert proxy.index(0, ForecastModel.COL_REFERENCE).data(DISPLAY) == "X9001"
    proxy.set_mode("")
    proxy.set_status("arrived")
    assert proxy.rowCount() == 1
    proxy.set_status("")
    proxy.set_text("喀什")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.sort(ForecastModel.COL_EXPECTED, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, ForecastModel.COL_REFERENCE).data(DISPLAY) == "X9001"
