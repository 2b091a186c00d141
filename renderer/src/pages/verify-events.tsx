/** The Connect server's password writeback events on Verify, each with its meaning and fix. */
import type { VerifyEventView } from '../../../shared/ipc';

export function VerifyEvents({ events }: { events: readonly VerifyEventView[] }) {
  if (events.length === 0) return null;
  return (
    <table className="before-after">
      <caption>Password writeback events</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Event</th>
          <th scope="col">What it means</th>
          <th scope="col">Fix</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={`${event.source}-${event.id}-${event.at}`} className={`event-${event.outcome}`}>
            <td>{event.at}</td>
            <td>
              {event.source} {event.id} {event.name}
              {event.user?.upn ? ` (${event.user.upn})` : ''}
            </td>
            <td>
              {event.meaning}
              {event.cause ? ` Cause: ${event.cause}` : ''}
            </td>
            <td>{event.outcome === 'failure' ? `${event.fix ?? ''} (${event.step})` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
