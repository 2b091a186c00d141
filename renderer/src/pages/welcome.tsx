import { useWizard } from '../store';
import type { Task } from '../steps';

const tasks: readonly { task: Task; title: string; text: string }[] = [
  {
    task: 'enable',
    title: 'Enable password writeback',
    text: 'Check the prerequisites, review every change as a diff, apply what you confirm (journaled, verified, reversible).',
  },
  {
    task: 'assess',
    title: 'Assess only (read-only)',
    text: 'Find out who writeback would fail for today and why, and save a report. Nothing is written.',
  },
  {
    task: 'rollback',
    title: 'Roll back a previous run',
    text: 'Restore every target a run changed to what it was before, from that run’s journal.',
  },
  {
    task: 'verify',
    title: 'Verify an existing deployment',
    text: 'Read the Connect server’s writeback events and test its connectivity to the cloud (nothing is written); reset a test account’s password and watch it reach every domain controller (signed in to Entra ID and connected to a DC; confirmed first).',
  },
];

export function WelcomePage() {
  const task = useWizard((s) => s.task);
  const setTask = useWizard((s) => s.setTask);
  return (
    <>
      <p>
        This wizard turns on Microsoft Entra ID self-service password reset{' '}
        <em>password writeback</em> to your on-premises Active Directory, one reviewed change at a
        time. Choose a task.
      </p>
      <fieldset className="tasks">
        <legend>Tasks</legend>
        {tasks.map((t) => (
          <label key={t.task} className="task">
            <input
              type="radio"
              name="task"
              value={t.task}
              checked={task === t.task}
              onChange={() => setTask(t.task)}
            />
            <span>
              <strong>{t.title}</strong>
              <br />
              {t.text}
            </span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
