import { EmptyState } from '../components/EmptyState'

export default function ConsoleView() {
  return (
    <EmptyState title="The console" testId="view-console">
      <p>Not built yet: this view arrives with a later issue.</p>
    </EmptyState>
  )
}
