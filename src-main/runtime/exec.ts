import type Docker from 'dockerode'
import { DockerFrameReader } from './docker-logs'

export interface ExecResult {
  exitCode: number | null
  stdout: string
  stderr: string
  /** output beyond MAX_KEPT was streamed but not kept for the reply */
  truncated: boolean
}

const MAX_KEPT = 1024 * 1024

/**
 * Run a command in a running container as its unprivileged user, streaming output as it comes
 * and returning the exit code with the output (the first MiB of each stream).
 */
export async function execInContainer(container: Docker.Container, cmd: string[], onOutput: (stream: 'stdout' | 'stderr', text: string) => void): Promise<ExecResult> {
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((c) => typeof c !== 'string')) throw Object.assign(new Error('exec needs a command'), { code: 'bad_request' })
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false, User: '1000:1000' })
  const stream = await exec.start({ hijack: true, stdin: false })
  const kept = { stdout: '', stderr: '' }
  let truncated = false
  const reader = new DockerFrameReader((s, data) => {
    const text = data.toString('utf8')
    if (kept[s].length + text.length <= MAX_KEPT) kept[s] += text
    else truncated = true
    onOutput(s, text)
  })
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => reader.push(c))
    stream.on('end', resolve)
    stream.on('close', resolve)
    stream.on('error', reject)
  })
  const info = await exec.inspect()
  return { exitCode: info.ExitCode ?? null, stdout: kept.stdout, stderr: kept.stderr, truncated }
}
