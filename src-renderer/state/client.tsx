import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { ArgsOf, CallName, EventName, PayloadOf, ResultOf, SlateClient } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/api-error'

const ClientContext = createContext<SlateClient | null>(null)

export function ClientProvider({ client, children }: { client: SlateClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
}

export function useClient(): SlateClient {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient outside ClientProvider')
  return client
}

export interface CallState<T> {
  data: T | undefined
  error: ApiError | null
  loading: boolean
  reload: () => void
}

/** Run a call when `key` changes (defaults to the JSON of the arguments) and keep its latest result. */
export function useCall<N extends CallName>(name: N, args: ArgsOf<N> | null, key?: string): CallState<ResultOf<N>> {
  const client = useClient()
  const [state, setState] = useState<{ data?: ResultOf<N>; error: ApiError | null; loading: boolean }>({ error: null, loading: args !== null })
  const [tick, setTick] = useState(0)
  const argsRef = useRef(args)
  argsRef.current = args
  const depKey = key ?? JSON.stringify(args)
  useEffect(() => {
    if (argsRef.current === null) return
    let cancelled = false
    setState((s) => ({ ...s, loading: true }))
    client.call(name, argsRef.current).then(
      (data) => !cancelled && setState({ data, error: null, loading: false }),
      (err: unknown) =>
        !cancelled &&
        setState({ data: undefined, error: err instanceof ApiError ? err : new ApiError('internal', String(err)), loading: false }),
    )
    return () => {
      cancelled = true
    }
  }, [client, name, depKey, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { ...state, data: state.data, reload }
}

export function useEvent<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): void {
  const client = useClient()
  const ref = useRef(listener)
  ref.current = listener
  useEffect(() => client.on(name, (p) => ref.current(p as PayloadOf<E>)), [client, name])
}
