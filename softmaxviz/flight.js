// Drag updates in flight, shared by the drag canvas (canvas.js) and the 3D view (view3d.js):
// how many may be unanswered, and how that window follows Python's replies.
//
// A drag sends at most one update a frame, with at most MAX_IN_FLIGHT intermediate updates
// unanswered: the next leaves as soon as an ack makes room (or after ACK_TIMEOUT_MS), so a slow
// rerun never queues a backlog of stale ones, and a fast one is not held back by a fixed interval.
// More than one in flight hides the network's round trip: Streamlit queues a fragment rerun that
// arrives while one runs (it does not interrupt it, and merges queued ones into one run), so the
// server starts the next update as soon as it has finished the last, instead of idling while the
// reply travels and is drawn. At 80 ms RTT: one in flight 6.9 states/s, two 11.6, three 15.3.
// But a busy server (a class dragging at once) cannot keep up: runs of one session queue up, and
// Streamlit drops a fragment run's reply when the next run starts before the reply was sent (CPU
// spent for nothing: with 5 sessions dragging on one process, 2357 runs answered 814 updates). So
// Python marks a reply `busy` when its run waited for the CPU beside other sessions' runs
// (ui/wiring.py: contended): then one update goes in flight, and one more after each GROW_AFTER
// replies in a row not busy. A lone session's replies are never busy: three stay in flight. 5
// sessions on one process (bench/load_gen.py): 59 -> 173 updates answered a second, server CPU
// per answered update 17.6 -> 5.9 ms.
export const SEND_EVERY_MS = 16;
export const ACK_TIMEOUT_MS = 1000;
export const MAX_IN_FLIGHT = 3;
export const GROW_AFTER = 8;

// Whether the window is full: no update may leave until an ack makes room (or ACK_TIMEOUT_MS
// passed since the last one left). ``s``: {sendId, acked, window, lastSent}.
export function inFlight(s) {
  return s.sendId - s.acked >= s.window && performance.now() - s.lastSent < ACK_TIMEOUT_MS;
}

// The window after a new reply ``data`` ({ack, busy}), before ``s.acked`` takes its ack: one
// after a busy reply, one more after each GROW_AFTER replies in a row that are not busy.
export function adapt(s, data) {
  if ((data.ack || 0) <= s.acked) return;
  if (data.busy) {
    s.window = 1;
    s.clean = 0;
  } else if (++s.clean >= GROW_AFTER) {
    s.window = Math.min(MAX_IN_FLIGHT, s.window + 1);
    s.clean = 0;
  }
}

// Send an intermediate update with ``sendNow()`` once SEND_EVERY_MS has passed since the last one
// left and the window has room; while it is full, the update waits for an ack (roomMade).
// ``s``: {timer, dragging, lastSent, waitingForAck} and inFlight's.
export function scheduleSend(s, sendNow) {
  if (s.timer || !s.dragging) return;
  const wait = Math.max(SEND_EVERY_MS - (performance.now() - s.lastSent), 0);
  s.timer = setTimeout(() => {
    s.timer = null;
    if (!s.dragging) return;
    if (inFlight(s)) {
      s.waitingForAck = true;
      return;
    }
    sendNow();
  }, wait);
}

// A reply's ack was taken (``s.acked``): an update that waited for room leaves now, not in a
// timer, which may wait behind this reply's own drawing.
export function roomMade(s, sendNow) {
  if (!s.waitingForAck || !s.dragging || inFlight(s)) return;
  s.waitingForAck = false;
  if (performance.now() - s.lastSent >= SEND_EVERY_MS) sendNow();
  else scheduleSend(s, sendNow);
}

// Whether a drag update asks Python to send the pictures (the canvases' figures, the 3D view) with
// its reply: a release always does; an intermediate update at most once per ``gap`` ms (0: every
// one). Between those, Python answers with the numbers only (the table, the acks), and every view
// keeps its picture: a dragged canvas draws at most once per gap anyway (canvas.py's
// redraw_gap_ms; the 3D view asks as often), and the pictures were 40 % of a drag update's bytes
// and a sixth of its server time on the explorer (bench/load_gen.py: 17.1 -> 10.0 KB, 6.4 -> 5.3 ms).
// ``s``: {drawAskedAt} (when an update last asked; undefined: none since the drag began or askLater).
export function asksToDraw(s, final, gap) {
  const now = performance.now();
  if (!final && gap > 0 && now - (s.drawAskedAt ?? -Infinity) < gap) return false;
  s.drawAskedAt = now;
  return true;
}

// After an update that asked for the numbers only, the pictures of where the drag is must still
// come: the pointer may stop (no update follows), or Streamlit may have merged the last update
// that asked into this one (a run's widget state is the latest). So if no other update has left
// ``gap`` ms later and the drag goes on, ``resend()`` sends one more of the same point, asking.
// ``s``: {sendId, dragging, drawAskedAt, askTimer}.
export function askLater(s, gap, resend) {
  clearTimeout(s.askTimer);
  const id = s.sendId;
  s.askTimer = setTimeout(() => {
    if (!s.dragging || s.sendId !== id) return;
    s.drawAskedAt = undefined;
    resend();
  }, gap);
}
