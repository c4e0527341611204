import { EmptyState } from '../components/EmptyState'

export default function BuildsView() {
  return (
    <EmptyState title="Builds" testId="view-builds">
      <p>Not built yet: this view arrives with a later issue.</p>
    </EmptyState>
  )
}
