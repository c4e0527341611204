import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface ChartSeries {
  label: string
  values: (number | null)[]
  color: string
}

interface Props {
  title: string
  unit: string
  x: number[]
  series: ChartSeries[]
  /** a horizontal line (the frame budget) */
  budget?: number | null
  height?: number
  /** drag over frames → a range; click → one frame */
  onSelect?: (from: number, to: number) => void
  testId?: string
  onDraw?: () => void
  /** x values are seconds since the epoch (a time axis) rather than frame numbers */
  time?: boolean
}

/**
 * One uPlot chart. uPlot draws to a canvas and takes new data with setData (no re-creation), so
 * a 60 Hz stream from several processes stays cheap; the series set changes only when Unity's
 * counter set does, and only then is the chart rebuilt.
 */
export function ProfilerChart({ title, unit, x, series, budget, height = 130, onSelect, testId, onDraw, time = false }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const shape = series.map((s) => s.label).join('|') + (budget ? '|budget' : '')
  const latest = useRef({ x, series, budget, onSelect, onDraw })
  latest.current = { x, series, budget, onSelect, onDraw }

  useEffect(() => {
    const el = host.current
    if (!el) return
    const { series: ss, budget: b } = latest.current
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: { x: { time } },
      axes: [
        { stroke: '#94a3b8', grid: { stroke: '#1e293b' }, ticks: { stroke: '#334155' } },
        { stroke: '#94a3b8', grid: { stroke: '#1e293b' }, ticks: { stroke: '#334155' }, label: unit, labelSize: 14, size: 56 },
      ],
      series: [
        { label: time ? 'time' : 'frame' },
        ...ss.map((s) => ({ label: s.label, stroke: s.color, width: 1, spanGaps: false, points: { show: false } })),
        ...(b ? [{ label: 'budget', stroke: '#ef4444', dash: [4, 4], width: 1, points: { show: false } }] : []),
      ],
      hooks: {
        setSelect: [
          (u) => {
            const sel = u.select
            if (sel.width < 3) return
            const from = Math.round(u.posToVal(sel.left, 'x'))
            const to = Math.round(u.posToVal(sel.left + sel.width, 'x'))
            latest.current.onSelect?.(from, to)
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
          },
        ],
        draw: [() => latest.current.onDraw?.()],
      },
    }
    const u = new uPlot(opts, toData(latest.current.x, ss, b), el)
    plot.current = u
    const click = () => {
      const idx = u.cursor.idx
      if (idx === null || idx === undefined) return
      const frame = (u.data[0] as number[])[idx]
      if (frame !== undefined) latest.current.onSelect?.(frame, frame)
    }
    u.over.addEventListener('click', click)
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.over.removeEventListener('click', click)
      u.destroy()
      plot.current = null
    }
  }, [shape, height, unit, time])

  useEffect(() => {
    plot.current?.setData(toData(x, series, budget))
  }, [x, series, budget])

  return (
    <div className="profiler-chart" data-testid={testId}>
      <div className="chart-title">{title}</div>
      <div ref={host} />
    </div>
  )
}

function toData(x: number[], series: ChartSeries[], budget?: number | null): uPlot.AlignedData {
  const cols: (number | null)[][] = series.map((s) => s.values)
  if (budget) cols.push(x.map(() => budget))
  return [x, ...cols] as uPlot.AlignedData
}
