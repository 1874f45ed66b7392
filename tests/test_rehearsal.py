"""The short rehearsal (bench/rehearsal.py with 20 participants): a whole day on the real server,
phones on Streamlit's websocket, organiser, projector and six tablets in Chromium, the server
killed in the middle of a round, the report emailed to a loopback SMTP server, then the audit."""

import pytest

from bench.rehearsal import INJECTIONS, ROUNDS_PLAYED, TABLETS, Rehearsal

PEOPLE = 20


@pytest.mark.timeout(900)
def test_a_short_day_rehearsed_end_to_end_loses_nothing(browser, tmp_path):
    rehearsal = Rehearsal(browser, PEOPLE, tmp_path, with_floor=False, projector_votes=3,
                          rest_seconds=3)
    result = rehearsal.play()
    print("\n" + "\n".join(f"[rehearsal] {what}: {'ok' if ok else 'FAILED ' + detail}"
                           for what, ok, detail in result.checks))
    assert result.problems == []
    acked = result.acknowledged
    assert len(acked.check_ins) == PEOPLE + 1  # and the walk-in
    assert len(acked.votes) == PEOPLE
    assert acked.groups_shown == PEOPLE
    fields_per_round = 4  # profile, diagnosis, proposal, commitment's "who"
    assert len(acked.findings) == TABLETS * ROUNDS_PLAYED * fields_per_round + TABLETS // 2
    assert acked.emails_sent == rehearsal.day.valid_emails > 0
    checked = " ".join(what for what, _, _ in result.checks)
    for fault in ("bad link", "wrong password", "oversized text", "injected element",
                  "shown as typed", "after the restart"):
        assert fault in checked, f"the rehearsal no longer checks: {fault}"
    assert len([w for w in checked.split("shown as typed")]) - 1 == len(INJECTIONS)
    assert result.timings["tablets back after SIGKILL"] < 60
    followed = [name for name in result.figures if name.startswith("open phones show")]
    assert len(followed) == 4  # a question, the groups, the first round's case, the pooling
    assert all(len(result.figures[name][0]) == PEOPLE for name in followed)
    assert result.cpu_at_rest[0] > 0
