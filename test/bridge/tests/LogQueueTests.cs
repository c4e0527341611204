// The bounded log queue: producers on many threads never block, nothing is lost silently
// (every line is either delivered or counted as dropped), and order per producer holds.
using System.Collections.Generic;
using System.Threading;
using Slate.Bridge.Link;

namespace Slate.Bridge.Tests
{
    public static class LogQueueTests
    {
        [Test]
        public static void FullQueueDropsAndCounts()
        {
            var q = new LogQueue(8);
            Assert.Equal(8, q.Capacity, "capacity");
            for (var i = 0; i < 20; i++) q.TryEnqueue(new LogEntry { Level = "log", Message = "m" + i });
            Assert.Equal(12L, q.Dropped, "dropped past capacity");
            LogEntry e;
            for (var i = 0; i < 8; i++) { Assert.True(q.TryDequeue(out e), "dequeue " + i); Assert.Equal("m" + i, e.Message, "FIFO"); }
            Assert.True(!q.TryDequeue(out e), "empty");
            Assert.Equal(12L, q.TakeDropped(), "take dropped");
            Assert.Equal(0L, q.Dropped, "reset after take");
            Assert.True(q.TryEnqueue(new LogEntry { Message = "again" }), "room again after draining");
            Assert.True(!q.DropIfFull(), "not full: DropIfFull leaves the line to TryEnqueue");
            for (var i = 0; i < 7; i++) q.TryEnqueue(new LogEntry { Message = "fill" });
            Assert.True(q.DropIfFull(), "full: dropped without building an entry");
            Assert.Equal(1L, q.Dropped, "and counted");
        }

        [Test]
        public static void ConcurrentProducersLoseNothingUncounted()
        {
            var q = new LogQueue(1024);
            const int producers = 4, perProducer = 50000;
            var received = new List<LogEntry>();
            var done = 0;
            var consumer = new Thread(() =>
            {
                LogEntry e;
                while (Volatile.Read(ref done) < producers)
                {
                    if (q.TryDequeue(out e)) received.Add(e);
                    else Thread.Yield();
                }
            });
            consumer.Start();
            var threads = new List<Thread>();
            for (var p = 0; p < producers; p++)
            {
                var id = p;
                var t = new Thread(() =>
                {
                    for (var i = 0; i < perProducer; i++) q.TryEnqueue(new LogEntry { Level = "log", Message = id + ":" + i });
                    Interlocked.Increment(ref done);
                });
                threads.Add(t);
                t.Start();
            }
            foreach (var t in threads) t.Join();
            consumer.Join();
            LogEntry rest;
            while (q.TryDequeue(out rest)) received.Add(rest);
            Assert.Equal((long)producers * perProducer, received.Count + q.Dropped, "delivered + dropped = produced");
            Assert.Equal(q.Accepted, (long)received.Count, "accepted = delivered");
            // Per producer, the lines that got through are in the order they were logged.
            var last = new int[producers];
            for (var p = 0; p < producers; p++) last[p] = -1;
            foreach (var e in received)
            {
                var parts = e.Message.Split(':');
                int p = int.Parse(parts[0]), i = int.Parse(parts[1]);
                Assert.True(i > last[p], "order of producer " + p);
                last[p] = i;
            }
        }
    }
}
