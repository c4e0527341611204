// A real domain reload, as far as Mono can act one out: the bridge runs in its own AppDomain,
// which is unloaded (Unity's reload: every managed static gone, threads aborted) and replaced by a
// new one whose [InitializeOnLoad] starts the link again. The session must resume, the play signal
// must be there without any playModeStateChanged, and the old domain must unload cleanly (a link
// thread stuck in a socket would make Unity's reload hang).
using System;
using System.IO;
using System.Runtime.CompilerServices;
using Slate.Bridge.Link;
using Slate.StandIn.Editor;
using UnityEditor;

namespace Slate.Bridge.Tests
{
    /// <summary>Runs inside the test AppDomain; the test calls it across the domain boundary.</summary>
    public sealed class DomainAgent : MarshalByRefObject
    {
        public void Load(string projectDir, bool playing, bool paused)
        {
            EditorStandIn.ProjectDir = projectDir;
            EditorStandIn.SetPlayState(playing, paused);
            Directory.SetCurrentDirectory(projectDir); // Unity's working directory is the project
            RuntimeHelpers.RunClassConstructor(typeof(EditorLink).TypeHandle); // what [InitializeOnLoad] does
            EditorLink.Host.Client.Backoff = n => 50;
        }

        public void Pump() { EditorStandIn.Pump(); }
        public void PressPlay() { EditorApplication.isPlaying = true; }
        public void BeforeReload() { EditorStandIn.BeforeDomainReload(); }
        public string LastError() { return EditorLink.Host.Client.LastError ?? "no error"; }
        public string Status() { return EditorLink.Host == null ? "none" : EditorLink.Host.Client.Status.ToString(); }
        public override object InitializeLifetimeService() { return null; }
    }

    public static class DomainReloadTests
    {
        static AppDomain NewDomain(string name)
        {
            var setup = new AppDomainSetup { ApplicationBase = Path.GetDirectoryName(typeof(DomainReloadTests).Assembly.Location) };
            return AppDomain.CreateDomain(name, null, setup);
        }

        static DomainAgent Agent(AppDomain d)
        {
            return (DomainAgent)d.CreateInstanceAndUnwrap(typeof(DomainAgent).Assembly.FullName, typeof(DomainAgent).FullName);
        }

        [Test]
        public static void AReloadedDomainResumesTheSessionAndStillReportsPlaying()
        {
            var core = Core.Start();
            var cwd = Directory.GetCurrentDirectory();
            Cleanup.Add(() => Directory.SetCurrentDirectory(cwd));
            EditorStandIn.Reset(); // the session store is process-wide: start clean
            Cleanup.Add(EditorStandIn.Reset);

            var first = NewDomain("editor-domain-1");
            var agent = Agent(first);
            agent.Load(core.Project, false, false);
            var sid = Fixture.Session(core.WaitFor("connected", e => true, agent.Pump));
            agent.PressPlay();
            core.WaitFor("state", e => Fixture.Session(e) == sid && Json.Str(e, "playMode") == "playing", agent.Pump);

            var mark = core.Mark();
            agent.BeforeReload();
            AppDomain.Unload(first); // throws if a link thread would not stop
            core.WaitFor("disconnected", e => Fixture.Session(e) == sid, null, mark);

            // The new domain knows nothing but what Unity keeps: the Editor's play state (paused now, with no
            // pauseStateChanged raised in any domain) and SessionState. The core still holds "playing" from
            // before, so "paused" can only come from the new domain reading the Editor.
            var second = NewDomain("editor-domain-2");
            Cleanup.Add(() => { try { Agent(second).BeforeReload(); AppDomain.Unload(second); } catch (AppDomainUnloadedException) { } });
            var agent2 = Agent(second);
            agent2.Load(core.Project, true, true);
            var again = core.WaitFor("connected", e => true, agent2.Pump, mark);
            Assert.Equal(sid, Fixture.Session(again), "same session after a real domain unload");
            Assert.Equal(true, (bool)again["resumed"], "resumed");
            core.WaitFor("state", e => Fixture.Session(e) == sid && Json.Str(e, "playMode") == "paused", agent2.Pump, mark);
            Assert.Equal("Connected", agent2.Status(), "connected from the new domain (" + agent2.LastError() + ")");
        }
    }
}
