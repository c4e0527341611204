import { EmptyState } from '../components/EmptyState'

export default function AssetsView() {
  return (
    <EmptyState title="The asset browser" testId="view-assets">
      <p>Not built yet: this view arrives with a later issue.</p>
    </EmptyState>
  )
}
