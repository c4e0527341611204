import { EmptyState } from '../components/EmptyState'

export default function CodeView() {
  return (
    <EmptyState title="The code editor" testId="view-code">
      <p>Not built yet: this view arrives with a later issue.</p>
    </EmptyState>
  )
}
