import { describe, expect, it } from 'vitest'
import { logLineFor } from '../assets/processing/bus-events'
import { createSubjects } from '../bus/subjects'
import { assetBatchLogSource } from './log-sources'

describe('asset-processing log lines as rows', () => {
  const S = createSubjects('t')
  const src = assetBatchLogSource(S)
  const P = '6f1d2c3b-4a59-4d8e-9f70-112233445566'

  it('carry the project their batch ran in (the team policies read it), and drop one that is not a project id', () => {
    const line = logLineFor({ batchId: 'b1', phase: 'started', total: 3, done: 0, failed: 0 }, P)
    const [row] = src.toRows(line, { subject: S.assetBatchLog('b1'), seq: 7 })
    expect(row).toMatchObject({ projectId: P, batchId: 'b1', level: 'info', message: 'batch started: 3 files' })
    expect(row.metadata).not.toHaveProperty('projectId')
    const [forged] = src.toRows({ ...line, projectId: "x' OR 1=1" }, { subject: S.assetBatchLog('b1'), seq: 8 })
    expect(forged.projectId).toBeNull()
    const [none] = src.toRows(logLineFor({ batchId: 'b1', phase: 'started', total: 1, done: 0, failed: 0 }), { subject: S.assetBatchLog('b1'), seq: 9 })
    expect(none.projectId).toBeNull()
  })
})
