// The bounded queue between Unity's log callback and the link's sender thread.
// Application.logMessageReceivedThreaded calls us on whatever thread logged, often the game's main
// thread in a hot loop, so TryEnqueue never blocks and never allocates beyond the entry itself:
// when the queue is full the line is dropped and counted, and the next batch says how many.
// The algorithm is Dmitry Vyukov's bounded MPMC ring (a sequence number per cell, CAS on the
// positions): producers on any thread, one consumer (the sender thread).
using System.Threading;

namespace Slate.Bridge.Link
{
    public struct LogEntry
    {
        public string Level;    // log | warning | error | exception | assert
        public string Message;
        public string Stack;
        public double Time;     // seconds on the link clock
    }

    public sealed class LogQueue
    {
        struct Cell { public long Sequence; public LogEntry Entry; }

        readonly Cell[] _cells;
        readonly long _mask;
        long _enqueuePos;
        long _dequeuePos;
        long _dropped;
        long _accepted;

        /// <param name="capacity">rounded up to a power of two</param>
        public LogQueue(int capacity)
        {
            var size = 2;
            while (size < capacity) size <<= 1;
            _cells = new Cell[size];
            _mask = size - 1;
            for (var i = 0; i < size; i++) _cells[i].Sequence = i;
        }

        public int Capacity { get { return _cells.Length; } }
        /// <summary>Lines dropped since the last TakeDropped (the queue was full).</summary>
        public long Dropped { get { return Interlocked.Read(ref _dropped); } }
        public long Accepted { get { return Interlocked.Read(ref _accepted); } }

        /// <summary>When the queue is full, counts the line as dropped and returns true, so the caller
        /// skips building the entry (a flood then costs a few reads per line). Racy by design: a
        /// "not full" answer only sends the caller to TryEnqueue, which decides exactly.</summary>
        public bool DropIfFull()
        {
            if (Interlocked.Read(ref _enqueuePos) - Interlocked.Read(ref _dequeuePos) < _cells.Length) return false;
            Interlocked.Increment(ref _dropped);
            return true;
        }

        public bool TryEnqueue(LogEntry entry)
        {
            var pos = Interlocked.Read(ref _enqueuePos);
            while (true)
            {
                var index = pos & _mask;
                var seq = Volatile.Read(ref _cells[index].Sequence);
                var diff = seq - pos;
                if (diff == 0)
                {
                    var found = Interlocked.CompareExchange(ref _enqueuePos, pos + 1, pos);
                    if (found == pos)
                    {
                        _cells[index].Entry = entry;
                        Volatile.Write(ref _cells[index].Sequence, pos + 1);
                        Interlocked.Increment(ref _accepted);
                        return true;
                    }
                    pos = found;
                }
                else if (diff < 0)
                {
                    Interlocked.Increment(ref _dropped); // full
                    return false;
                }
                else pos = Interlocked.Read(ref _enqueuePos);
            }
        }

        public bool TryDequeue(out LogEntry entry)
        {
            var pos = Interlocked.Read(ref _dequeuePos);
            while (true)
            {
                var index = pos & _mask;
                var seq = Volatile.Read(ref _cells[index].Sequence);
                var diff = seq - (pos + 1);
                if (diff == 0)
                {
                    var found = Interlocked.CompareExchange(ref _dequeuePos, pos + 1, pos);
                    if (found == pos)
                    {
                        entry = _cells[index].Entry;
                        _cells[index].Entry = default(LogEntry); // let the strings go
                        Volatile.Write(ref _cells[index].Sequence, pos + _mask + 1);
                        return true;
                    }
                    pos = found;
                }
                else if (diff < 0) { entry = default(LogEntry); return false; } // empty
                else pos = Interlocked.Read(ref _dequeuePos);
            }
        }

        /// <summary>The dropped count since the previous call, reset to zero (for the next `logs` batch).</summary>
        public long TakeDropped() { return Interlocked.Exchange(ref _dropped, 0); }

        /// <summary>Puts back a count taken by TakeDropped whose batch could not be sent.</summary>
        public void ReturnDropped(long n) { if (n > 0) Interlocked.Add(ref _dropped, n); }
    }
}
