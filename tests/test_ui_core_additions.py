"""Core read functions the UI needed and added (kept tiny, Qt-free)."""

from desktop_app import shifts


def test_duty_teams_lists_the_ports_teams(post):
    teams = shifts.duty_teams(post.desk)
    assert [t.name_en for t in teams] == [
        "Duty team 1",
        "Duty team 2",
        "Duty team 3",
        "Duty team 4",
    ]
    assert post.team.id in {t.id for t in teams}
