// Where the link connects: the Editor's Library/SlateLink.json (loopback only, protocol checked)
// and a player's arguments / environment.
using System.Collections.Generic;
using System.IO;
using Slate.Bridge.Link;

namespace Slate.Bridge.Tests
{
    public static class EndpointTests
    {
        static string TempFile(string text)
        {
            var p = Path.GetTempFileName();
            File.WriteAllText(p, text);
            Cleanup.Add(() => File.Delete(p));
            return p;
        }

        [Test]
        public static void ReadsTheLinkFile()
        {
            string problem;
            var ep = LinkEndpoint.FromFile(TempFile("{\"url\":\"ws://127.0.0.1:4567/link\",\"token\":\"abc\",\"protocol\":1}"), true, out problem);
            Assert.True(ep != null, "endpoint: " + problem);
            Assert.Equal(4567, ep.Url.Port, "port");
            Assert.Equal("abc", ep.Token, "token");
        }

        [Test]
        public static void RefusesBadLinkFiles()
        {
            string problem;
            Assert.True(LinkEndpoint.FromFile("/nonexistent/SlateLink.json", true, out problem) == null && problem == null, "absent file: no link, no complaint");
            Assert.True(LinkEndpoint.FromFile(TempFile("garbage"), true, out problem) == null && problem.Contains("not a JSON object"), "garbage: " + problem);
            Assert.True(LinkEndpoint.FromFile(TempFile("{\"url\":\"ws://10.1.2.3:1/link\",\"token\":\"t\"}"), true, out problem) == null && problem.Contains("not this machine"), "remote host: " + problem);
            Assert.True(LinkEndpoint.FromFile(TempFile("{\"url\":\"http://127.0.0.1:1/link\",\"token\":\"t\"}"), true, out problem) == null && problem.Contains("ws://"), "http url: " + problem);
            Assert.True(LinkEndpoint.FromFile(TempFile("{\"url\":\"ws://127.0.0.1:1/link\"}"), true, out problem) == null && problem.Contains("token"), "no token: " + problem);
            Assert.True(LinkEndpoint.FromFile(TempFile("{\"url\":\"ws://127.0.0.1:1/link\",\"token\":\"t\",\"protocol\":2}"), true, out problem) == null && problem.Contains("protocol"), "protocol 2: " + problem);
            Assert.True(LinkEndpoint.FromFile(TempFile("{\"url\":\"ws://localhost:1/link\",\"token\":\"t\"}"), true, out problem) != null, "localhost is loopback");
        }

        [Test]
        public static void PlayerArgumentsWinOverEnvironment()
        {
            string problem;
            var env = new Dictionary<string, string> { { "SLATE_LINK_URL", "ws://10.0.0.5:9000/link" }, { "SLATE_LINK_TOKEN", "envtoken" } };
            var fromArgs = LinkEndpoint.FromPlayerArgs(new[] { "player", "-slateLink", "ws://10.0.0.9:7000/link", "-slateToken", "argtoken" }, env, out problem);
            Assert.Equal("argtoken", fromArgs.Token, "args token");
            Assert.Equal("10.0.0.9", fromArgs.Url.Host, "players may link to another machine (container, device)");
            var fromEnv = LinkEndpoint.FromPlayerArgs(new[] { "player" }, env, out problem);
            Assert.Equal("envtoken", fromEnv.Token, "env token");
            Assert.True(LinkEndpoint.FromPlayerArgs(new[] { "player" }, new Dictionary<string, string>(), out problem) == null && problem == null, "nothing configured");
            Assert.True(LinkEndpoint.FromPlayerArgs(new[] { "-slateLink" }, null, out problem) == null, "flag without a value");
        }
    }
}
