// Against a core that misbehaves on purpose (rogue-core.mjs): what the real core never sends must
// still not hurt the bridge. Garbage is ignored and counted, a command without an id is not run,
// an unknown command is answered "unknown command", and the bridge checks the allow-list itself.
using Slate.Bridge.Link;
using UnityEditor;
using static Slate.Bridge.Tests.Fixture;

namespace Slate.Bridge.Tests
{
    public static class RogueCoreTests
    {
        [Test]
        public static void NonsenseIsIgnoredAndTheLinkStaysUp()
        {
            var core = Core.StartRogue();
            var host = Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            core.Raw(sid, "this is not json");
            core.Raw(sid, "{\"t\":\"cmd\",\"name\":\"play.enter\"}"); // no id: cannot be answered, so not run
            core.Raw(sid, "{\"t\":\"surprise\"}");
            core.Raw(sid, "[1,2,3]");
            Until(() => host.Client.Ignored == 4, "four messages ignored", Pump);
            Assert.True(Ok(core.Command(sid, "time.scale", Args("value", 1.0), Pump)), "the link still works");
            Assert.True(!EditorApplication.isPlaying, "the id-less play.enter did not run");
            var unknown = core.Command(sid, "rm.rf", null, Pump);
            Assert.Equal("unknown command", Json.Str(unknown, "error"), "unknown command");
            Assert.True(host.Client.Status == LinkStatus.Connected, "still connected");
        }

        [Test]
        public static void TheBridgeChecksTheAllowListItself()
        {
            var core = Core.StartRogue();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            var runs = AllowListed.Runs;
            var r = core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.Bake"), Pump);
            Assert.True(!Ok(r) && Json.Str(r, "error").Contains("allow-list"), "refused by the bridge: " + Json.Str(r, "error"));
            Assert.Equal(runs, AllowListed.Runs, "nothing ran");
            var menuRan = false;
            Slate.StandIn.Editor.EditorStandIn.Menus["File/Quit"] = () => menuRan = true;
            r = core.Command(sid, "menu.run", Args("path", "File/Quit"), Pump);
            Assert.True(!Ok(r) && !menuRan, "menu refused by the bridge");
            EditorCommandTests.WriteAllowList(core, "{\"methods\": [\"Slate.Bridge.Tests.AllowListed.Bake\"");
            r = core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.Bake"), Pump);
            Assert.True(!Ok(r) && Json.Str(r, "error").Contains("not a JSON object"), "a broken list allows nothing: " + Json.Str(r, "error"));
            EditorCommandTests.WriteAllowList(core, "{\"methods\": [\"Slate.Bridge.Tests.AllowListed.Bake\"]}");
            Assert.True(Ok(core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.Bake"), Pump)), "listed: runs");
            Assert.Equal(runs + 1, AllowListed.Runs, "ran once");
        }
    }
}
