"""A text box that saves as people type (no save button), for the group tablets.

Streamlit's own text areas only send their value when the box loses focus, so this is a small
custom component (Streamlit components v2, inline JavaScript): it sends the text after a
short pause in typing, or when the box loses focus. Each send carries the version the text
started from and a sequence number; the box never replaces what someone is typing with an
older text, and after a conflict it keeps the writer's text until they choose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from partnerday.findings import FieldState, FindingRefused, SaveResult
from partnerday.i18n import _, said
from partnerday.models import as_utc
from partnerday.formats import LOCAL_TIME
from partnerday.tokens import new_token

TYPING_PAUSE_MS = 800
RESEND_MS = 5000

_JS = """
export default function(component) {
  const { data, setTriggerValue, parentElement } = component;
  let root = parentElement.querySelector('.pd-autosave');
  if (!root) {
    root = document.createElement('div');
    root.className = 'pd-autosave';
    const label = document.createElement('label');
    const box = document.createElement(data.multiline ? 'textarea' : 'input');
    box.setAttribute('aria-label', data.label);
    const status = document.createElement('div');
    status.className = 'pd-status';
    status.setAttribute('aria-live', 'polite');
    label.appendChild(document.createTextNode(data.label));
    root.append(label, box, status);
    parentElement.appendChild(root);
    box.value = data.text;
    root.pd = { box, status, label, base: data.version, seq: 0, timer: null };
    const pd = root.pd;
    pd.flush = () => {
      clearTimeout(pd.timer);
      clearTimeout(pd.retry);
      pd.timer = null;
      pd.seq += 1;
      pd.status.textContent = pd.texts.saving;
      pd.send({ text: box.value, base: pd.base, seq: pd.seq });
      // A send can be lost (its fragment replaced by a full run of the page meanwhile):
      // unanswered, it goes again; saving the same text twice changes nothing.
      pd.retry = setTimeout(() => {
        if (pd.timer === null && pd.acked < pd.seq) pd.flush();
      }, data.resend_ms);
    };
    box.addEventListener('input', () => {
      clearTimeout(pd.timer);
      pd.status.textContent = pd.texts.editing;
      pd.timer = setTimeout(pd.flush, pd.pause);
    });
    box.addEventListener('blur', () => { if (pd.timer) pd.flush(); });
  }
  const pd = root.pd;
  pd.send = (payload) => setTriggerValue('edit', payload);
  pd.acked = data.ack;
  pd.texts = data.texts;
  if (pd.label.firstChild.nodeValue !== data.label) {  // the group's language changed
    pd.label.firstChild.nodeValue = data.label;
    pd.box.setAttribute('aria-label', data.label);
  }
  pd.pause = data.pause_ms;
  pd.box.placeholder = data.placeholder || '';
  pd.box.maxLength = data.max_chars;
  if (data.multiline) pd.box.style.height = data.height + 'px';
  root.classList.toggle('pd-conflict', !!data.conflict);
  if (pd.session !== data.session) {  // a new server session (e.g. after a restart)
    const unsaved = pd.session !== undefined && pd.box.value !== pd.synced
                    && pd.box.value !== data.text;
    pd.session = data.session;
    pd.seq = data.ack;
    if (unsaved) { pd.flush(); return; }
  }
  // Streamlit can leave a box it drew before on screen beside the one it now draws (the same
  // field twice, the old one never updated again; seen on tablets of a loaded server): the
  // box drawn last is the field's. An older one still on the page hides, and what was typed
  // there and not yet saved goes on from this one.
  const boxes = (window.pdAutosaveBoxes = window.pdAutosaveBoxes || {});
  const older = boxes[data.field];
  boxes[data.field] = root;
  if (older && older !== root && older.isConnected && older.style.display !== 'none') {
    const typed = older.pd.timer !== null || older.pd.acked < older.pd.seq;
    clearTimeout(older.pd.timer);
    clearTimeout(older.pd.retry);
    older.pd.timer = null;
    older.style.display = 'none';
    if (typed && pd.timer === null && older.pd.box.value !== data.text) {
      pd.box.value = older.pd.box.value;
      pd.base = older.pd.base;  // a save made meanwhile is a conflict, said to the group
      pd.flush();
      return;
    }
  }
  if (data.ack > pd.seq) pd.seq = data.ack;  // sent from another box of the field
  const waiting = pd.timer !== null || data.ack < pd.seq;
  if (!waiting && !data.conflict) {
    if (pd.box.value !== data.text) pd.box.value = data.text;
    pd.base = data.version;
    pd.synced = data.text;
  }
  if (!waiting) pd.status.textContent = data.status;
}
"""

_CSS = """
.pd-autosave { display: flex; flex-direction: column; gap: .3rem; font-family: inherit; }
.pd-autosave label { font-size: .95rem; font-weight: 600; color: var(--st-text-color); }
.pd-autosave textarea, .pd-autosave input {
  font: inherit; font-size: 1.05rem; line-height: 1.45; padding: .6rem .75rem;
  border: 1px solid var(--st-border-color, #ccc); border-radius: .5rem; resize: vertical;
  background: var(--st-secondary-background-color); color: var(--st-text-color);
  box-sizing: border-box; width: 100%;
}
.pd-autosave.pd-conflict textarea, .pd-autosave.pd-conflict input { border-color: #d97706; }
.pd-status { font-size: .85rem; color: var(--st-text-color); opacity: .7; min-height: 1.2em; }
"""

_BOX = st.components.v2.component("partnerday_autosave_box", js=_JS, css=_CSS)


@dataclass
class _Pending:
    mine: str
    theirs: str
    version: int


def saved_at_label(state: FieldState) -> str:
    if state.saved_at is None:
        return _("Pas encore enregistré.") if not state.text else ""
    moment = as_utc(state.saved_at).astimezone(LOCAL_TIME)
    return _("Enregistré à {time}").format(time=f"{moment:%H:%M:%S}")


def _keys(key: str) -> tuple[str, str, str]:
    return f"{key}:ack", f"{key}:conflict", f"{key}:error"


def _on_edit(key: str, save: Callable[[str, int], SaveResult]) -> None:
    ack_key, conflict_key, error_key = _keys(key)
    edit = st.session_state[key].get("edit") if key in st.session_state else None
    if not edit:
        return
    st.session_state[ack_key] = int(edit.get("seq", 0))
    st.session_state.pop(error_key, None)
    try:
        result = save(str(edit.get("text", "")), int(edit.get("base", 0)))
    except FindingRefused as refused:
        st.session_state[error_key] = refused.args[0]  # said when drawn, in the page's language
        return
    if result.saved:
        st.session_state.pop(conflict_key, None)
    else:
        st.session_state[conflict_key] = _Pending(str(edit.get("text", "")), result.theirs or "",
                                                  result.current.version)


def _resolve(key: str, save: Callable[[str, int], SaveResult], text: str | None) -> None:
    pending: _Pending = st.session_state.pop(_keys(key)[1])
    if text is not None:
        result = save(text, pending.version)
        if not result.saved:  # someone saved yet again: ask again
            st.session_state[_keys(key)[1]] = _Pending(text, result.theirs or "",
                                                       result.current.version)


def autosave_box(key: str, label: str, state: FieldState,
                 save: Callable[[str, int], SaveResult], *, multiline: bool = True,
                 height: int = 160, placeholder: str = "", max_chars: int = 50_000) -> None:
    """A box showing `state`, calling `save(text, base_version)` as people type."""
    ack_key, conflict_key, error_key = _keys(key)
    pending: _Pending | None = st.session_state.get(conflict_key)
    _BOX(key=key, on_edit_change=lambda: _on_edit(key, save), data={
        "field": key, "label": label, "text": state.text, "version": state.version,
        "ack": st.session_state.get(ack_key, 0), "conflict": pending is not None,
        "session": st.session_state.setdefault("autosave_session", new_token()),
        "status": saved_at_label(state), "multiline": multiline, "height": height,
        "placeholder": placeholder, "max_chars": max_chars, "pause_ms": TYPING_PAUSE_MS,
        "texts": {"saving": _("Enregistrement…"), "editing": _("Modifications en cours…")},
        "resend_ms": RESEND_MS})
    if error := st.session_state.get(error_key):
        st.error(said(error))
    if pending is not None:
        _show_conflict(key, save, pending)


def _show_conflict(key: str, save: Callable[[str, int], SaveResult], pending: _Pending) -> None:
    with st.container(border=True):
        st.warning(_("Une autre tablette du groupe a enregistré ce champ pendant que vous "
                     "écriviez. Rien n'est perdu : voici les deux versions, choisissez."),
                   icon=":material/sync_problem:")
        mine, theirs = st.columns(2)
        mine.markdown(_("**Votre version** (pas encore enregistrée)"))
        mine.text(pending.mine or _("(vide)"))
        theirs.markdown(_("**L'autre version** (enregistrée)"))
        theirs.text(pending.theirs or _("(vide)"))
        keep_mine, keep_theirs, keep_both = st.columns(3)
        keep_mine.button(_("Garder ma version"), key=f"{key}:mine", on_click=_resolve,
                         args=(key, save, pending.mine), width="stretch")
        keep_theirs.button(_("Garder l'autre version"), key=f"{key}:theirs", on_click=_resolve,
                           args=(key, save, None), width="stretch")
        keep_both.button(_("Garder les deux"), key=f"{key}:both", on_click=_resolve,
                         args=(key, save, f"{pending.theirs}\n\n{pending.mine}".strip()),
                         width="stretch")
