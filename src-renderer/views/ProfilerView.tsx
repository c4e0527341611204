import { EmptyState } from '../components/EmptyState'

export default function ProfilerView() {
  return (
    <EmptyState title="The profiler" testId="view-profiler">
      <p>Not built yet: this view arrives with a later issue.</p>
    </EmptyState>
  )
}
