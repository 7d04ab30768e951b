namespace ThiDua.LocalHost;
internal static class Placeholder;
