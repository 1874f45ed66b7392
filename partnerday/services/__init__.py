"""The service layer: one function per user action, for pages and the command line.

Each takes the engine, owns its transaction (`db.session_scope`, or a read-only connection
where a page is read by the whole room at once) and returns plain data: dataclasses, and
rows of `models` detached from their session, whose loaded columns stay readable. Pages
read their input, call one of these, and show what comes back; they never import the
database layer (tests/test_architecture.py checks it).

By audience, in the order of the day:
- `people`: what a participant does from their own links (phone, walk-in, join, a
  reminder's commitment, the « stop » link, the privacy notice);
- `tablets`: what a working group's tablet reads and writes;
- `screens`: what the projector screens read;
- `preparation`: events, registrations, organisations, accounts, cases, printouts;
- `day`: the day's desk and room (arrivals, groups, rounds, polls, pooling, dashboard);
- `afterwards`: the report, its email, the commitments and their follow-up.
"""
