"""The fixture post is what the other tests assume it is."""

from db.enums import ShiftState


def test_fixture_post_has_open_shift_and_lanes(post):
    assert post.shift.state == ShiftState.OPEN
    assert post.lane.is_open and post.vehicle_lane.is_open
    assert post.count("officers") == 4
