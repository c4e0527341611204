// The runtime part: nothing at all without a link, a player session with one.
using Slate.Bridge.Link;
using Slate.StandIn;
using UnityEngine;
using static Slate.Bridge.Tests.Fixture;

namespace Slate.Bridge.Tests
{
    public static class PlayerLinkTests
    {
        [Test]
        public static void WithoutALinkThePlayerDoesNothing()
        {
            var handlers = UnityStandIn.LogHandlers;
            var host = PlayerLink.StartFrom(new[] { "Game.x86_64", "-screen-fullscreen", "0" }, null, null, false);
            Assert.True(host == null, "no host");
            Assert.True(PlayerLink.Current == null, "nothing current");
            Assert.Equal(handlers, UnityStandIn.LogHandlers, "no log hook added");
        }

        [Test]
        public static void ThePlayerPartSurvivesStrippingAndStartsBeforeTheFirstScene()
        {
            var asm = typeof(PlayerLink).Assembly;
            Assert.True(asm.GetCustomAttributes(typeof(UnityEngine.Scripting.AlwaysLinkAssemblyAttribute), false).Length == 1, "[assembly: AlwaysLinkAssembly]");
            var boot = typeof(PlayerLink).GetMethod("Boot", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
            var attr = (RuntimeInitializeOnLoadMethodAttribute)System.Attribute.GetCustomAttribute(boot, typeof(RuntimeInitializeOnLoadMethodAttribute));
            Assert.True(attr != null && attr.loadType == RuntimeInitializeLoadType.BeforeSceneLoad, "Boot runs before the first scene loads");
            Assert.True(System.Attribute.IsDefined(boot, typeof(UnityEngine.Scripting.PreserveAttribute)), "Boot is preserved");
        }

        [Test]
        public static void APlayerLinksFromItsArguments()
        {
            var core = Core.Start();
            UnityStandIn.IsEditor = false;
            UnityStandIn.Platform = RuntimePlatform.LinuxPlayer;
            Cleanup.Add(() => { UnityStandIn.IsEditor = true; UnityStandIn.Platform = RuntimePlatform.LinuxEditor; });
            var host = PlayerLink.StartFrom(new[] { "Game.x86_64", "-slateLink", core.Url, "-slateToken", core.Token }, null, null, false);
            Assert.True(host != null, "started");
            Cleanup.Add(() => host.Stop(0));
            System.Action tick = () => { UnityStandIn.NextFrame(); host.Tick(); };
            var c = core.WaitFor("connected", e => true, tick);
            Assert.Equal("player", Json.Str(Json.Obj(c, "process"), "kind"), "kind");
            Assert.Equal("LinuxPlayer", Json.Str(Json.Obj(c, "process"), "platform"), "platform");
            var sid = Session(c);
            core.WaitFor("state", e => Session(e) == sid && Json.Str(e, "playMode") == "playing", tick);
            var mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "play.pause", null, tick)), "a player pauses");
            core.WaitFor("state", e => Json.Str(e, "playMode") == "paused" && Json.Num(e, "timeScale") == 0, tick, mark);
            Assert.True(Ok(core.Command(sid, "play.resume", null, tick)), "and resumes");
            Assert.Equal(1f, Time.timeScale, "time scale restored");
            var exit = core.Command(sid, "play.exit", null, tick);
            Assert.True(!Ok(exit) && Json.Str(exit, "error").Contains("Editor command"), "Editor-only commands say so");
            Debug.Log("hello from the player");
            core.WaitFor("logs", e => Json.Arr(e, "entries").Exists(x => Json.Str((System.Collections.Generic.Dictionary<string, object>)x, "message") == "hello from the player"), tick);
            host.Stop(1000);
            core.WaitFor("disconnected", e => Session(e) == sid);
            Assert.True(PlayerLink.Current == null, "stopped host forgotten");
        }

        [Test]
        public static void APlayerLinksFromItsEnvironment()
        {
            var core = Core.Start();
            var host = PlayerLink.StartFrom(new[] { "Game.x86_64" }, core.Url, core.Token, false);
            Assert.True(host != null, "started from SLATE_LINK_URL / SLATE_LINK_TOKEN");
            Cleanup.Add(() => host.Stop(0));
            core.WaitFor("connected", e => true, () => host.Tick());
        }
    }
}
