// A real SLATE core for the tests: the harness (test/bridge/core-harness.ts) runs the core's link
// service for a temporary project and speaks JSON lines: events out ({"ev":...}), orders in
// ({"op":"cmd"|"restart"|"raw"|"quit"}). Waits are on events, with a bound only to fail a test
// that would otherwise hang.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Slate.Bridge.Link;

namespace Slate.Bridge.Tests
{
    public sealed class Core : IDisposable
    {
        static readonly List<Core> _all = new List<Core>();
        public const int WaitMs = 20000;
        readonly Process _proc;
        readonly List<Dictionary<string, object>> _events = new List<Dictionary<string, object>>();
        readonly List<string> _stderr = new List<string>();
        int _nextReq = 1;
        public readonly string Project;
        public string Url, Token;

        Core(string project)
        {
            Project = project;
            var psi = new ProcessStartInfo("node", "--import tsx " + Quote(TestRunner.Harness) + " " + Quote(project))
            {
                WorkingDirectory = TestRunner.RepoRoot,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            _proc = Process.Start(psi);
            new Thread(() => Read(_proc.StandardOutput, false)) { IsBackground = true }.Start();
            new Thread(() => Read(_proc.StandardError, true)) { IsBackground = true }.Start();
            var ready = WaitFor("ready", e => true, null, 0, 60000);
            Url = Json.Str(ready, "url");
            Token = Json.Str(ready, "token");
        }

        /// <summary>A core for a fresh temporary project; stopped at the end of the test.</summary>
        public static Core Start()
        {
            var project = Path.Combine(Path.GetTempPath(), "slate-bridge-test-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(project);
            var c = new Core(project);
            lock (_all) _all.Add(c);
            Cleanup.Add(c.Dispose);
            return c;
        }

        public static void StopAll() { lock (_all) foreach (var c in _all.ToArray()) c.Dispose(); }

        void Read(StreamReader r, bool err)
        {
            string line;
            while ((line = r.ReadLine()) != null)
            {
                if (err) { lock (_stderr) _stderr.Add(line); continue; }
                var o = Json.TryParseObject(line);
                if (o == null) { lock (_stderr) _stderr.Add("stdout: " + line); continue; }
                lock (_events) { _events.Add(o); Monitor.PulseAll(_events); }
            }
            lock (_events) Monitor.PulseAll(_events);
        }

        public int Mark() { lock (_events) return _events.Count; }

        public List<Dictionary<string, object>> Events(string ev, int since = 0)
        {
            var list = new List<Dictionary<string, object>>();
            lock (_events) for (var i = since; i < _events.Count; i++) if (Json.Str(_events[i], "ev") == ev) list.Add(_events[i]);
            return list;
        }

        /// <summary>The first event `ev` from index `since` matching the predicate. `pump` runs between
        /// looks (the Editor stand-in's frames), so a test drives Unity while it waits.</summary>
        public Dictionary<string, object> WaitFor(string ev, Func<Dictionary<string, object>, bool> match, Action pump = null, int since = 0, int timeoutMs = WaitMs)
        {
            var sw = Stopwatch.StartNew();
            var seen = since;
            while (true)
            {
                lock (_events)
                {
                    for (; seen < _events.Count; seen++)
                    {
                        var e = _events[seen];
                        if (Json.Str(e, "ev") == ev && match(e)) return e;
                    }
                    if (pump == null) Monitor.Wait(_events, 50);
                }
                if (pump != null) { pump(); Thread.Sleep(2); } // an Editor frame, then let the link threads run
                if (sw.ElapsedMilliseconds > timeoutMs)
                    throw new AssertionException("no '" + ev + "' event as expected within " + timeoutMs / 1000 + " s; core stderr: " + string.Join(" | ", Stderr()));
                if (_proc.HasExited && seen >= Mark()) throw new AssertionException("the core exited: " + string.Join(" | ", Stderr()));
            }
        }

        string[] Stderr() { lock (_stderr) return _stderr.Count > 20 ? _stderr.GetRange(_stderr.Count - 20, 20).ToArray() : _stderr.ToArray(); }

        /// <summary>Sends a command through the core and waits for Unity's reply (as the core reports it).</summary>
        public Dictionary<string, object> Command(string session, string name, Dictionary<string, object> args, Action pump)
        {
            var req = _nextReq++;
            Send(new JsonWriter().BeginObject().Key("op").Value("cmd").Key("req").Value((long)req).Key("session").Value(session)
                .Key("name").Value(name).Key("args").Any(args ?? new Dictionary<string, object>()).EndObject().ToString());
            return WaitFor("reply", e => Json.Num(e, "req") == req, pump);
        }

        /// <summary>Stops the core's listener and starts a new one on another port (a SLATE restart): the link file changes.</summary>
        public void Restart()
        {
            var mark = Mark();
            Send("{\"op\":\"restart\"}");
            var ready = WaitFor("ready", e => true, null, mark);
            Url = Json.Str(ready, "url");
            Token = Json.Str(ready, "token");
        }

        /// <summary>Makes the core send this text as is to a connected session (robustness tests).</summary>
        public void Raw(string session, string text)
        {
            Send(new JsonWriter().BeginObject().Key("op").Value("raw").Key("session").Value(session).Key("text").Value(text).EndObject().ToString());
        }

        void Send(string line)
        {
            lock (_proc) { _proc.StandardInput.WriteLine(line); _proc.StandardInput.Flush(); }
        }

        public void Dispose()
        {
            lock (_all) _all.Remove(this);
            try
            {
                if (!_proc.HasExited) { Send("{\"op\":\"quit\"}"); if (!_proc.WaitForExit(5000)) _proc.Kill(); }
            }
            catch (Exception) { }
            try { Directory.Delete(Project, true); } catch (Exception) { }
        }

        static string Quote(string s) { return "\"" + s.Replace("\"", "\\\"") + "\""; }
    }
}
