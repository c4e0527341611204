import { useState } from 'react'
import { ApiError } from '../../src-shared/api-error'
import { useClient } from '../state/client'

/** A command run in the session as its user; output streams in as the command prints it. */
export function ExecBox({ sessionId, running }: { sessionId: string; running: boolean }) {
  const client = useClient()
  const [cmd, setCmd] = useState('')
  const [out, setOut] = useState<{ stream: 'stdout' | 'stderr'; text: string }[]>([])
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async () => {
    if (!cmd.trim() || busy) return
    const execId = crypto.randomUUID()
    setOut([])
    setBusy(true)
    setStatus(`running: ${cmd}`)
    const off = client.on('runtime.exec.output', (e) => setOut((o) => [...o, { stream: e.stream, text: e.text }]), execId)
    try {
      const r = await client.call('runtime.sessions.exec', { sessionId, execId, command: ['/bin/sh', '-c', cmd] })
      setStatus(`exit code ${r.exitCode ?? '?'}${r.truncated ? ' (output cut at 1 MiB)' : ''}`)
      // output the events did not bring yet (they travel separately from the reply)
      setOut((o) => (o.length ? o : [{ stream: 'stdout' as const, text: r.stdout }, { stream: 'stderr' as const, text: r.stderr }].filter((x) => x.text)))
    } catch (err) {
      setStatus(err instanceof ApiError || err instanceof Error ? err.message : String(err))
    } finally {
      off()
      setBusy(false)
    }
  }

  return (
    <div className="runtime-exec">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <input value={cmd} onChange={(e) => setCmd(e.target.value)} placeholder={running ? 'a shell command, run in the container (e.g. ls /game)' : 'the session is not running'} disabled={!running} aria-label="Command to run in the session" data-testid="runtime-exec-input" />
        <button className="secondary" type="submit" disabled={!running || busy || !cmd.trim()}>
          Run
        </button>
      </form>
      {status && <div className="small muted" data-testid="runtime-exec-status">{status}</div>}
      {out.length > 0 && (
        <pre className="runtime-exec-out" data-testid="runtime-exec-output">
          {out.map((o, i) => (
            <span key={i} className={o.stream === 'stderr' ? 'stderr' : undefined}>
              {o.text}
            </span>
          ))}
        </pre>
      )}
    </div>
  )
}
