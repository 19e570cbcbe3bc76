import { createContext, useContext, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import {
  DndContext, KeyboardSensor, MouseSensor, TouchSensor, pointerWithin, useDraggable, useDroppable, useSensor, useSensors,
  type Announcements, type ClientRect, type DragEndEvent, type DragMoveEvent, type UniqueIdentifier,
} from '@dnd-kit/core';
import { bookings } from '@lieu/api';
import { zonedInstant } from '@lieu/core/booking';
import { useApiMutation } from '../../app/api';
import { Notice } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useTenant } from '../../app/site';
import { ActionError, refreshCalendar, type CalBooking, type CalResource } from './calendarActions';

// dnd-kit lives in this module only, which only the staff calendar's lazy chunk imports: the
// member's first load never carries it.

/** Minutes since local midnight of "…THH:MM…" (the API's local ISO times). */
const minutesOf = (localIso: string) => Number(localIso.slice(11, 13)) * 60 + Number(localIso.slice(14, 16));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Where a dragged booking would land: a resource and a start on the grid's day (minutes since midnight). */
export interface Landing { resourceId: string; resourceName: string; startMin: number; endMin: number }

interface DragState {
  landing: Landing | null; activeId: string | null; pending: boolean;
  /** Moved from the keyboard: the booking is drawn at `offset` (pixels), not where dnd-kit would put it. */
  keyboard: boolean; offset: { x: number; y: number } | null;
  /** The booking to give the focus back to once the grid has drawn it again (after a keyboard move). */
  focus: string | null;
}
const IDLE: DragState = { landing: null, activeId: null, pending: false, keyboard: false, offset: null, focus: null };
const DragContext = createContext<DragState>(IDLE);

/** The page says every step in its own live region, the keyboard's included; dnd-kit's stays quiet. */
const SILENT: Announcements = { onDragStart: () => undefined, onDragOver: () => undefined, onDragEnd: () => undefined, onDragCancel: () => undefined };

/** A booking of the day grid that can be dragged: confirmed (the move's rule) and within the day shown. */
export const canDrag = (b: CalBooking, date: string) =>
  b.status === 'confirmed' && b.localStart.slice(0, 10) === date && b.localEnd.slice(0, 10) === date;

/**
 * The day grid's drag-and-drop move: a booking is picked up (mouse, touch, or space on the
 * keyboard), moved across time (left/right, a slot at a time) and resources (up/down, a row at a
 * time), and dropped; the drop calls the same one-transaction move as the panel's form. A refused
 * move says why, and the booking stays where it was (nothing moves before the API says so).
 */
export function CalendarDrag({ date, span, rows, children }: { date: string; span: { start: number; end: number }; rows: CalResource[]; children: ReactNode }) {
  const tenant = useTenant();
  const { t } = usePageI18n('calendar', 'backOffice', 'book', 'errors');
  const [state, setState] = useState<DragState>(IDLE);
  const [done, setDone] = useState<string | null>(null);
  const [said, say] = useState('');
  const width = span.end - span.start;
  const byBooking = useMemo(() => new Map(rows.flatMap((r) => r.bookings.map((b) => [b.id, b] as const))), [rows]);
  const rowOf = useMemo(() => new Map(rows.map((r) => [r.resourceId, r])), [rows]);
  const slotOf = (resourceId: string) => rowOf.get(resourceId)?.resource?.rules.slotMinutes ?? 30;
  const lengthOf = (b: CalBooking) => minutesOf(b.localEnd) - minutesOf(b.localStart);
  const place = (l: Landing) => t('c.dragAt', { time: `${hhmm(l.startMin)}–${hhmm(l.endMin)}`, resource: l.resourceName });
  const at = (b: CalBooking): Landing => ({ resourceId: b.resourceId, resourceName: b.resourceName, startMin: minutesOf(b.localStart), endMin: minutesOf(b.localEnd) });

  /** `b` moved by `minutes` (rounded to the target row's slots) onto `resourceId`, within the grid's hours. */
  function landingOf(b: CalBooking, minutes: number, resourceId: string): Landing | null {
    const row = rowOf.get(resourceId);
    if (!row) return null;
    const slot = slotOf(resourceId);
    const startMin = Math.max(span.start, Math.min(span.end - lengthOf(b), minutesOf(b.localStart) + Math.round(minutes / slot) * slot));
    return { resourceId, resourceName: row.name, startMin, endMin: startMin + lengthOf(b) };
  }

  // Read by dnd-kit's handlers, which run outside React's render. The keyboard counts its own
  // steps in slots and rows, not in pixels: the pixels dnd-kit reports from the keyboard also carry
  // its scrolling of the grid, which is no slot's width.
  const live = useRef({
    landing: null as Landing | null,
    keyboard: null as { minutes: number; row: number } | null,
    step: (_code: string, _rects: Map<UniqueIdentifier, ClientRect>) => {},
  });
  function land(landing: Landing | null, offset: { x: number; y: number } | null) {
    const prev = live.current.landing;
    live.current.landing = landing;
    setState((s) => ({ ...s, landing, offset }));
    if (landing && (landing.resourceId !== prev?.resourceId || landing.startMin !== prev.startMin)) say(place(landing));
  }
  live.current.step = (code, rects) => {
    const b = byBooking.get(state.activeId ?? '');
    const k = live.current.keyboard;
    if (!b || !k) return;
    if (code === 'ArrowRight' || code === 'ArrowLeft') k.minutes += (code === 'ArrowRight' ? 1 : -1) * slotOf(rows[k.row]?.resourceId ?? b.resourceId);
    else if (code === 'ArrowDown' || code === 'ArrowUp') k.row = Math.max(0, Math.min(rows.length - 1, k.row + (code === 'ArrowDown' ? 1 : -1)));
    else return;
    const target = rows[k.row]!.resourceId;
    const landing = landingOf(b, k.minutes, target);
    if (!landing) return;
    k.minutes = landing.startMin - minutesOf(b.localStart);
    // Drawn where it would land: a track's width is the grid's span of hours.
    const from = rects.get(b.resourceId), to = rects.get(target);
    land(landing, from && to ? { x: (k.minutes / width) * from.width, y: to.top - from.top } : null);
  };

  const move = useApiMutation(bookings.moveBooking, (b) => {
    setDone(t('c.dragMoved', { who: b.memberName, time: `${b.localStart.slice(11, 16)}–${b.localEnd.slice(11, 16)}`, resource: b.resourceName }));
    void refreshCalendar().finally(() => setState((s) => ({ ...IDLE, focus: s.focus })));
  });

  function onDragMove(e: DragMoveEvent) {
    const b = byBooking.get(String(e.active.id));
    if (!b || live.current.keyboard) return;
    land(e.over ? landingOf(b, (e.delta.x / e.over.rect.width) * width, String(e.over.id)) : null, null);
  }

  function onDragEnd(e: DragEndEvent) {
    const b = byBooking.get(String(e.active.id));
    const landing = live.current.landing;
    const keyboard = live.current.keyboard !== null;
    live.current.landing = null;
    live.current.keyboard = null;
    if (!b) return setState(IDLE);
    if (!landing || (landing.resourceId === b.resourceId && landing.startMin === minutesOf(b.localStart))) {
      say(t('c.dragCancelled', { who: b.memberName, place: place(at(b)) }));
      return setState({ ...IDLE, focus: keyboard ? b.id : null });
    }
    say(t('c.dragDropped', { who: b.memberName, place: place(landing) }));
    setDone(null);
    move.reset();
    setState({ ...IDLE, landing, activeId: b.id, pending: true, focus: keyboard ? b.id : null });
    move.mutate(
      { params: { bookingId: b.id }, body: { start: new Date(zonedInstant(date, hhmm(landing.startMin), tenant.timeZone)).toISOString(), ...(landing.resourceId !== b.resourceId ? { resourceId: landing.resourceId } : {}) } },
      { onError: () => { say(t('c.dragRefused', { who: b.memberName, place: place(at(b)) })); setState({ ...IDLE, focus: keyboard ? b.id : null }); } },
    );
  }

  const sensors = useSensors(
    // A few pixels before a drag starts: a plain click still opens the booking's panel.
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a touch screen, a long press picks the booking up; a swipe still scrolls the grid.
    useSensor(TouchSensor, { activationConstraint: { delay: 300, tolerance: 8 } }),
    // Space picks up and drops (Enter keeps opening the panel); the arrows step in `live.current.step`.
    useSensor(KeyboardSensor, {
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
      coordinateGetter: (event, { context }) => {
        if (event.code.startsWith('Arrow')) event.preventDefault(); // not a scroll of the page
        live.current.step(event.code, context.droppableRects);
        return undefined;
      },
    }),
  );

  return (
    <DndContext
      sensors={sensors} collisionDetection={pointerWithin}
      accessibility={{ announcements: SILENT, screenReaderInstructions: { draggable: t('c.dragHelp') } }}
      onDragStart={(e) => {
        const b = byBooking.get(String(e.active.id));
        // The last move's notice stays until this one is dropped: removing it now would shift the rows under the pointer.
        live.current.landing = null;
        live.current.keyboard = e.activatorEvent instanceof KeyboardEvent ? { minutes: 0, row: Math.max(0, rows.findIndex((r) => r.resourceId === b?.resourceId)) } : null;
        setState({ ...IDLE, activeId: String(e.active.id), keyboard: live.current.keyboard !== null });
        if (b) say(t('c.dragPicked', { who: b.memberName, place: place(at(b)) }));
      }}
      onDragMove={onDragMove} onDragEnd={onDragEnd}
      onDragCancel={(e) => {
        const b = byBooking.get(String(e.active.id));
        const keyboard = live.current.keyboard !== null;
        live.current.landing = null; live.current.keyboard = null;
        setState({ ...IDLE, focus: keyboard && b ? b.id : null });
        if (b) say(t('c.dragCancelled', { who: b.memberName, place: place(at(b)) }));
      }}
    >
      <p className="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="drag-status">{said}</p>
      {done && <Notice>{done}</Notice>}
      <ActionError error={move.error} />
      <DragContext value={state}>{children}</DragContext>
    </DndContext>
  );
}

/** A day-grid row as a drop target, outlined while a booking is over it. */
export function DropTrack({ resourceId, className, style, children }: { resourceId: string; className: string; style: CSSProperties; children: ReactNode }) {
  const state = useContext(DragContext);
  const { setNodeRef, isOver } = useDroppable({ id: resourceId });
  const target = state.keyboard ? state.landing?.resourceId === resourceId : isOver;
  return <div ref={setNodeRef} className={`${className}${target ? ' cal-drop' : ''}`} style={style}>{children}</div>;
}

/**
 * A day-grid booking as a draggable: its props for the chip (ref, handlers, ARIA, the drag's
 * offset) and, while dragged, where it would land. A click right after a drag is the drop's, not
 * a request to open the panel.
 */
export function useDragChip(b: CalBooking, enabled: boolean) {
  const { t } = usePageI18n('calendar');
  const state = useContext(DragContext);
  const { setNodeRef, listeners, attributes, transform, isDragging, node } = useDraggable({ id: b.id, disabled: !enabled, attributes: { roleDescription: t('c.dragRole') } });
  // When the last drag of this booking ended (its drop renders it undragged): the click that follows a mouse drop is not one.
  const lastDrag = useRef({ dragging: false, ended: 0 });
  if (lastDrag.current.dragging && !isDragging) lastDrag.current.ended = Date.now();
  lastDrag.current.dragging = isDragging;
  const mine = state.activeId === b.id;
  const offset = mine && state.keyboard ? state.offset : transform;
  // From the keyboard, the grid scrolls to keep the booking in sight, and the focus comes back to it once moved.
  useEffect(() => { if (mine && state.keyboard && state.offset) node.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' }); }, [mine, state.keyboard, state.offset, node]);
  useEffect(() => { if (!state.activeId && state.focus === b.id && document.activeElement !== node.current) node.current?.focus(); }, [state.activeId, state.focus, b.id, node]);
  return {
    ref: setNodeRef,
    props: enabled ? { ...attributes, ...listeners } : {},
    style: offset ? { transform: `translate3d(${offset.x}px, ${offset.y}px, 0)`, zIndex: 3 } : undefined,
    dragging: isDragging || (mine && state.pending),
    landing: mine ? state.landing : null,
    /** Whether a click now is the end of a drag (ignored) rather than a click. */
    justDragged: () => lastDrag.current.dragging || Date.now() - lastDrag.current.ended < 400,
  };
}
