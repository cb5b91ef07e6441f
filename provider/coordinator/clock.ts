// Ordering of events inside the process. "Began after that write was answered" must hold
// exactly, and two events in the same millisecond are common under load, so order is a counter,
// not a timestamp.
let last = 0;

/** A number greater than every one handed out before. */
export function tick(): number {
    return ++last;
}
