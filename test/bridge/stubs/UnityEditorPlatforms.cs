// Reference stubs for the platform settings a build profile may set (BuildCommand's -slatePlatform):
// PlayerSettings.Android / WebGL / iOS and EditorUserBuildSettings. Signatures and enum values from
// Unity's Scripting API.
using System;

namespace UnityEditor
{
    public enum AndroidSdkVersions
    {
        AndroidApiLevelAuto = 0, AndroidApiLevel22 = 22, AndroidApiLevel23 = 23, AndroidApiLevel24 = 24, AndroidApiLevel25 = 25,
        AndroidApiLevel26 = 26, AndroidApiLevel27 = 27, AndroidApiLevel28 = 28, AndroidApiLevel29 = 29, AndroidApiLevel30 = 30,
        AndroidApiLevel31 = 31, AndroidApiLevel32 = 32, AndroidApiLevel33 = 33, AndroidApiLevel34 = 34, AndroidApiLevel35 = 35,
    }

    [Flags]
    public enum AndroidArchitecture : uint { None = 0, ARMv7 = 1, ARM64 = 2, X86_64 = 8, All = 0xffffffff }

    public enum WebGLCompressionFormat { Brotli = 0, Gzip = 1, Disabled = 2 }

    public static class EditorUserBuildSettings
    {
        public static bool buildAppBundle { get; set; }
        public static bool development { get; set; }
        public static BuildTarget activeBuildTarget { get; private set; } = BuildTarget.StandaloneLinux64;
    }

    public static partial class PlayerSettings
    {
        public static class Android
        {
            public static AndroidSdkVersions minSdkVersion { get; set; } = AndroidSdkVersions.AndroidApiLevel23;
            public static AndroidSdkVersions targetSdkVersion { get; set; }
            public static AndroidArchitecture targetArchitectures { get; set; } = AndroidArchitecture.ARM64;
            public static bool useCustomKeystore { get; set; }
            public static string keystoreName { get; set; }
            public static string keyaliasName { get; set; }
            public static string keystorePass { get; set; }
            public static string keyaliasPass { get; set; }
            public static int bundleVersionCode { get; set; } = 1;
        }

        public static class WebGL
        {
            public static string template { get; set; } = "APPLICATION:Default";
            public static WebGLCompressionFormat compressionFormat { get; set; }
        }

        public static class iOS
        {
            public static string appleDeveloperTeamID { get; set; }
            public static bool appleEnableAutomaticSigning { get; set; }
            public static string iOSManualProvisioningProfileID { get; set; }
            public static string buildNumber { get; set; } = "0";
        }
    }
}
