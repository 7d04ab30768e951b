using System.Text.Json.Nodes;

namespace ThiDua.Infra.Tests;

/// <summary>
/// A key configured locally but missing in Azure (or the reverse) only shows up as a failure in
/// production; these tests hold local.settings.sample.json and the Bicep app settings together.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class AppSettingsTests
{
    private static readonly JsonObject LocalValues =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json")))!["Values"]!.AsObject();

    private static readonly JsonNode Mapping = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "app-settings.json")))!;

    [Fact]
    public async Task App_settings_have_the_local_keys_modulo_the_documented_mapping()
    {
        var identityBased = Mapping["identityBased"]!.AsObject();
        var platform = Mapping["platform"]!.AsObject();
        var azureOnly = Mapping["azureOnly"]!.AsArray().Select(k => (string)k!).ToList();
        var mapped = identityBased.Select(p => p.Key).Concat(platform.Select(p => p.Key)).ToList();
        var localKeys = LocalValues.Select(p => p.Key).ToList();

        // A mapping entry for a key that no longer exists locally would hide a missing setting.
        Assert.All(mapped, key => Assert.Contains(key, localKeys));
        Assert.All(azureOnly, key => Assert.DoesNotContain(key, localKeys));

        var expected = localKeys.Except(mapped)
            .Concat(identityBased.SelectMany(p => p.Value!.AsArray().Select(k => (string)k!)))
            .Concat(azureOnly)
            .Order(StringComparer.Ordinal);
        var actual = (await AppSettingsAsync()).Keys.Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Platform_keys_are_set_where_Flex_Consumption_takes_them()
    {
        var site = Assert.Single(Template.Resources(await Bicep.CompiledTemplateAsync(), "Microsoft.Web/sites"));

        foreach (var (key, path) in Mapping["platform"]!.AsObject())
        {
            Assert.Equal((string?)LocalValues[key], (string?)Template.At(site, (string)path!));
        }

        Assert.Equal("10.0", (string?)Template.At(site, "properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public async Task Settings_hold_no_keys_and_the_smtp_password_is_a_Key_Vault_reference()
    {
        var settings = await AppSettingsAsync();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["ThiDua__Mail__Password"], StringComparison.Ordinal);
        Assert.All(settings.Values, value =>
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Storage_is_identity_only_and_compacts_and_archives_support_write_once()
    {
        var template = await Bicep.CompiledTemplateAsync();

        var account = Assert.Single(Template.Resources(template, "Microsoft.Storage/storageAccounts"));
        Assert.False((bool)Template.At(account, "properties.allowSharedKeyAccess")!);
        var blobs = Assert.Single(Template.Resources(template, "Microsoft.Storage/storageAccounts/blobServices"));
        Assert.True((bool)Template.At(blobs, "properties.isVersioningEnabled")!);

        // Version-level immutability support on both write-once containers (their retention: DeploymentTests).
        var writeOnce = Assert.Single(
            Template.Resources(template, "Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => (bool?)Template.At(c, "properties.immutableStorageWithVersioning.enabled") == true);
        Assert.Equal("[length(variables('writeOnceContainerNames'))]", (string?)Template.At(writeOnce, "copy.count"));

        // Role ids sit in the declaring module's variables, so read the modules that assign roles.
        var roles = string.Join('\n', Template.TemplatesDeclaring(template, "Microsoft.Authorization/roleAssignments").Select(t => t.ToJsonString()));
        foreach (var role in new[]
        {
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
        })
        {
            Assert.Contains(role, roles, StringComparison.Ordinal);
        }
    }

    /// <summary>The app settings, as the site's appsettings configuration resource sets them.</summary>
    public static async Task<Dictionary<string, string>> AppSettingsAsync()
        => Template.At(Template.SiteConfig(await Bicep.CompiledTemplateAsync(), "appsettings"), "properties")!.AsObject()
            .ToDictionary(s => s.Key, s => s.Value!.ToString());
}
