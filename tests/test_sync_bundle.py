"""Sync bundles: a post with no link carries its unsent outbox to HQ on a USB stick."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import zstandard as zstd
from sqlalchemy import text
from test_sync_support import demo_post, record_clearances

from db.base import utcnow
from desktop_app import cli as desk_cli
from desktop_app.protocol.bundle import TRAILER_SIZE, BundleError, decode_bundle
from desktop_app.protocol.sealing import new_box_key
from desktop_app.sync.client import SyncClient
from desktop_app.sync.export import export_bundle
from desktop_app.sync.state import pending_count
from hq import cli as hq_cli
from hq import devices
from hq.migrate import upgrade
from hq.service import HQService
from hq.store import hq_engine
from tests.helpers.sync import check_union, enroll

pytest_plugins = ["test_sync_support"]


def held(engine) -> dict[str, int]:
    names = ["clearance_events", "audit_entries", "forecasts", "shifts", "hq_changes"]
    names += ["hq_applied_batches", "hq_versions"]
    with engine.connect() as conn:
        return {n: conn.execute(text(f"select count(*) from {n}")).scalar_one() for n in names}


@pytest.fixture
def offline(hq, tmp_path):
    """A TRG post enrolled at HQ, then cut off: it has days of unsent records."""
    desk = demo_post(tmp_path / "trg", "TRG", days=2, seed=5)
    enroll(hq.engine, desk, hq.url)
    record_clearances(desk, 20)
    yield desk
    desk.close()


def test_a_bundle_imports_once_and_the_post_learns_at_its_next_contact(hq, offline, tmp_path):
    path = tmp_path / "stick" / "trg.bundle"
    path.parent.mkdir()
    summary = export_bundle(offline, path)
    assert summary.rows == pending_count(offline) > 1000 and summary.batches > 2
    assert not path.with_name("trg.bundle.partial").exists()
    service = HQService(hq.engine)
    first = service.import_bundle_file(path)
    assert (first.applied, first.duplicates, first.stored) == (summary.batches, 0, summary.rows)
    after_first = held(hq.engine)
    again = service.import_bundle_file(path)  # twice is harmless
    assert (again.applied, again.duplicates, again.stored) == (0, summary.batches, 0)
    assert held(hq.engine) == after_first
    assert check_union(hq.engine, [offline]).ok
    # The post still counts its records as unsent until it hears from HQ…
    assert pending_count(offline) == summary.rows
    with SyncClient(offline) as client:
        report = client.sync()
    # …and then sends nothing again: HQ said it holds them all.
    assert report.pushed_rows == 0 and pending_count(offline) == 0
    assert report.acked_through == summary.last_seq
    assert held(hq.engine)["hq_applied_batches"] == after_first["hq_applied_batches"]


def test_a_push_after_a_partly_imported_bundle_sends_only_the_rest(hq, offline, tmp_path):
    path = tmp_path / "trg.bundle"
    export_bundle(offline, path)
    HQService(hq.engine).import_bundle_file(path)
    record_clearances(offline, 10)  # recorded after the bundle was written
    with SyncClient(offline) as client:
        report = client.sync()
    assert report.pushed_rows == 30 and pending_count(offline) == 0
    check = check_union(hq.engine, [offline])
    assert check.ok, check.line()


B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@pytest.mark.parametrize(
    "where",
    [
        "header",
        "body-start",
        "body-middle",
        "body-end",
        "signature",
        "signature-last-digit",
        "last-byte",
    ],
)
def test_a_bundle_with_one_byte_changed_is_refused_and_nothing_is_stored(
    hq, offline, tmp_path, where
):
    path = tmp_path / "trg.bundle"
    export_bundle(offline, path)
    data = bytearray(path.read_bytes())
    header_end = data.index(b"\n")
    body = range(header_end + 1, len(data) - TRAILER_SIZE)
    at = {
        "header": header_end - 3,  # a character of the device id
        "body-start": body.start,
        "body-middle": (body.start + body.stop) // 2,
        "body-end": body.stop - 1,
        "signature": len(data) - 10,
        "signature-last-digit": len(data) - 4,  # …X==\n: X's low bits are spare
        "last-byte": len(data) - 1,  # the trailer's newline
    }[where]
    if where == "signature-last-digit":
        # Another digit that decodes to the same 64 bytes (a lax decoder ignores the
        # difference): the file is changed, so it must be refused all the same.
        data[at] = B64[B64.index(data[at]) ^ 0x01]
    else:
        data[at] ^= 0x01
    path.write_bytes(bytes(data))
    before = held(hq.engine)
    with pytest.raises(BundleError) as refused:
        HQService(hq.engine).import_bundle_file(path)
    assert refused.value.error in {"bad_signature", "unknown_device", "not_a_bundle"}
    assert held(hq.engine) == before


def test_a_bundle_of_another_device_or_port_is_refused(hq, offline, tmp_path):
    path = tmp_path / "trg.bundle"
    export_bundle(offline, path)
    data = path.read_bytes()
    # Another enrolled device's id in the header: its key does not verify the signature.
    other = demo_post(tmp_path / "als", "ALS", days=1)
    enroll(hq.engine, other, hq.url)
    forged = data.replace(offline.device_id.encode(), other.device_id.encode(), 1)
    before = held(hq.engine)
    with pytest.raises(BundleError, match="was changed after it was written") as refused:
        HQService(hq.engine).import_bundle(forged)
    assert refused.value.error == "bad_signature"
    # A revoked device's bundle.
    assert devices.revoke(hq.engine, offline.device_id, utcnow())
    with pytest.raises(BundleError, match="revoked"):
        HQService(hq.engine).import_bundle(data)
    # A device HQ never enrolled (another HQ's, say).
    stranger = demo_post(tmp_path / "stranger", "TRG", days=1)
    elsewhere = hq_engine(f"sqlite:///{tmp_path / 'other-hq.sqlite3'}")
    upgrade(elsewhere)
    code = devices.create_code(elsewhere, "TRG", utcnow())
    from hq.testing import ThreadedHQ

    with ThreadedHQ(elsewhere) as other_hq, SyncClient(stranger, other_hq.url) as client:
        client.enroll(code)
    export_bundle(stranger, tmp_path / "stranger.bundle")
    with pytest.raises(BundleError, match="not enrolled"):
        HQService(hq.engine).import_bundle_file(tmp_path / "stranger.bundle")
    assert held(hq.engine) == before
    for desk in (other, stranger):
        desk.close()
    elsewhere.dispose()


def test_not_a_bundle_is_refused(hq, tmp_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    with pytest.raises(BundleError, match="not a Checkpoint Desk sync bundle"):
        HQService(hq.engine).import_bundle_file(path)


def test_the_command_lines_export_and_import(hq, offline, tmp_path, capsys):
    path = tmp_path / "trg.bundle"
    assert desk_cli.main(["--data-dir", str(offline.data_dir), "export-bundle", str(path)]) == 0
    assert "records in" in capsys.readouterr().out
    assert hq_cli.main(["import-bundle", str(path), "--db", hq.db_url]) == 0
    out = capsys.readouterr().out
    assert f"bundle of device {offline.device_id} (TRG)" in out and "applied" in out
    path.write_bytes(path.read_bytes()[:-5] + b"AAAA\n")
    assert hq_cli.main(["import-bundle", str(path), "--db", hq.db_url]) == 2
    assert "bundle refused (bad_signature)" in capsys.readouterr().err


def test_an_unenrolled_post_cannot_export(tmp_path, capsys):
    desk = demo_post(tmp_path / "lone", "TRG", days=1)
    desk.close()
    code = desk_cli.main(["--data-dir", str(tmp_path / "lone"), "export-bundle", "x.bundle"])
    assert code == 1 and "not enrolled" in capsys.readouterr().err
    assert not Path("x.bundle").exists()


def test_a_bundle_is_sealed_to_hq_and_holds_nothing_a_finder_reads(hq, offline, tmp_path):
    """A stick lost on the way: no traveller reference or officer name in the bundle's bytes,
    nor in anything that decompresses out of them; not even the post opens it; HQ does."""
    path = tmp_path / "stick" / "trg.bundle"
    path.parent.mkdir()
    summary = export_bundle(offline, path)
    data = path.read_bytes()
    assert data.startswith(b"CHECKPOINT-BUNDLE 2 ")
    with offline.read() as s:
        references = (
            s.execute(
                text("SELECT DISTINCT reference FROM clearance_events WHERE reference IS NOT NULL")
            )
            .scalars()
            .all()
        )
        names = s.execute(text("SELECT name FROM officers")).scalars().all()
    texts = [*references[:200], *names]
    assert len(references) > 20 and names

    def readable(blob: bytes) -> list[str]:
        forms = ("utf-8", "utf-16-le", "utf-16-be")
        return [t for t in texts for form in forms if t.encode(form) in blob]

    assert readable(data) == []
    # Any zstd frame in it (there is none in the clear: the compressed manifest is sealed).
    frames = 0
    at = data.find(zstd.FRAME_HEADER)
    while at != -1:
        with contextlib.suppress(zstd.ZstdError):
            out = zstd.ZstdDecompressor().decompressobj().decompress(data[at:])
            frames += 1
            assert readable(out) == []
        at = data.find(zstd.FRAME_HEADER, at + 1)
    assert frames == 0
    # The device's own key signs it but opens nothing; another HQ's box key opens nothing.
    public_key = devices.device_info(hq.engine, offline.device_id)[1]  # type: ignore[index]
    with pytest.raises(BundleError, match="cannot be opened"):
        decode_bundle(data, public_key, new_box_key())
    with pytest.raises(BundleError, match="sealed"):
        decode_bundle(data, public_key, None)
    report = HQService(hq.engine).import_bundle(data)
    assert report.stored == summary.rows
