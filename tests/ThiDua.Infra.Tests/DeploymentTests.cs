using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ThiDua.TestKit;

namespace ThiDua.Infra.Tests;

/// <summary>
/// What a deployment must be for people to use it and for write-once to hold, read off the compiled
/// template (nothing reaches Azure): sign-in, retention, the durable group kept ready, the flat timer
/// setting, names that survive a resource group created again, and the azd project around it.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class DeploymentTests
{
    [Fact]
    public async Task Api_calls_need_a_signed_in_Entra_user_or_token_and_answer_401_otherwise()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var auth = Template.SiteConfig(template, "authsettingsV2");

        Assert.True((bool)Template.At(auth, "properties.platform.enabled")!);
        Assert.True((bool)Template.At(auth, "properties.globalValidation.requireAuthentication")!);
        Assert.Equal("Return401", (string?)Template.At(auth, "properties.globalValidation.unauthenticatedClientAction"));

        var entra = Template.At(auth, "properties.identityProviders.azureActiveDirectory")!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Equal("[parameters('authClientId')]", (string?)Template.At(entra, "registration.clientId"));
        Assert.Contains("environment().authentication.loginEndpoint", (string?)Template.At(entra, "registration.openIdIssuer"), StringComparison.Ordinal);
        Assert.Contains("/v2.0", (string?)Template.At(entra, "registration.openIdIssuer"), StringComparison.Ordinal);
        var audiences = Template.At(entra, "validation.allowedAudiences")!.AsArray().Select(a => (string?)a).ToList();
        Assert.Contains("[parameters('authClientId')]", audiences);
        Assert.Contains("[format('api://{0}', parameters('authClientId'))]", audiences);

        // The client id comes from the azd environment the preprovision hook fills.
        var functionApp = Template.Module(template, "functionapp");
        Assert.Equal("[parameters('authClientId')]", (string?)Template.At(functionApp, "parameters.authClientId.value"));
        Assert.Equal("${THIDUA_AUTH_CLIENT_ID}", (string?)Template.At(Parameters, "parameters.authClientId.value"));
    }

    [Fact]
    public async Task Only_the_portal_pages_load_without_sign_in_and_every_one_of_them_does()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var auth = Template.SiteConfig(template, "authsettingsV2");
        Assert.Equal("[parameters('anonymousPaths')]", (string?)Template.At(auth, "properties.globalValidation.excludedPaths"));
        Assert.Equal("[variables('anonymousPaths')]", (string?)Template.At(Template.Module(template, "functionapp"), "parameters.anonymousPaths.value"));

        // The Functions app serves the portal at /api/portal/{file} (host.json's route prefix and PortalFunctions' route).
        var routePrefix = (string?)Template.At(JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "host.json")))!, "extensions.http.routePrefix");
        Assert.Equal("api", routePrefix);
        Assert.Contains("PortalRoute = \"portal/{file?}\"", Source("src/ThiDua.Functions/Api/PortalFunctions.cs"), StringComparison.Ordinal);

        // loadDirectoryFileInfo puts the portal's files into the template when it is built.
        var variables = template["variables"]!;
        Assert.Equal(
            "[concat(createArray('/api/portal', '/api/portal/'), map(variables('portalFiles'), lambda('f', format('/api/portal/{0}', lambdaVariables('f').baseName))))]",
            (string?)variables["anonymousPaths"]);
        var listed = variables.AsObject().Single(v => v.Key.StartsWith("$fxv#", StringComparison.Ordinal) && v.Value is JsonArray files
                && files.All(f => ((string?)f!["relativePath"])!.Contains("Portal/wwwroot", StringComparison.Ordinal)))
            .Value!.AsArray().Select(f => (string)f!["baseName"]!).Order(StringComparer.Ordinal);
        var portal = Directory.GetFiles(Path.Combine(Bicep.RepositoryRoot, "src", "ThiDua.Api", "Portal", "wwwroot")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(portal, listed);
    }

    [Fact]
    public async Task Compacts_and_archives_have_a_time_based_retention_policy_unlocked_unless_asked()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var storage = Template.Module(template, "storage");

        var names = Template.At(storage, "template.variables.writeOnceContainerNames")!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal([StorageConstant("Compacts"), StorageConstant("Archives")], names);

        var policy = Assert.Single(Template.Resources(template, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"));
        Assert.Equal("[length(variables('writeOnceContainerNames'))]", (string?)Template.At(policy, "copy.count"));
        Assert.Contains("variables('writeOnceContainerNames')[copyIndex()], 'default')", (string?)policy["name"], StringComparison.Ordinal);
        Assert.Equal("[mul(parameters('retentionYears'), 365)]", (string?)Template.At(policy, "properties.immutabilityPeriodSinceCreationInDays"));
        Assert.False((bool)Template.At(policy, "properties.allowProtectedAppendWrites")!);
        // Azure refuses any update of a locked policy: a locked one is left out of later deployments.
        Assert.Equal("[not(parameters('immutabilityLocked'))]", (string?)policy["condition"]);

        Assert.Equal(10, (int)Template.At(template, "parameters.retentionYears.defaultValue")!);
        Assert.Equal(1, (int)Template.At(template, "parameters.retentionYears.minValue")!);
        Assert.False((bool)Template.At(template, "parameters.lockImmutability.defaultValue")!);
        Assert.False((bool)Template.At(template, "parameters.immutabilityLocked.defaultValue")!);

        // The app's containers are those names: no prefix is configured in Azure.
        Assert.DoesNotContain("ThiDua__Storage__ContainerPrefix", (await AppSettingsTests.AppSettingsAsync()).Keys);
    }

    [Fact]
    public async Task Previous_versions_elsewhere_are_deleted_by_lifecycle_management()
    {
        var policy = Assert.Single(Template.Resources(await Bicep.CompiledTemplateAsync(), "Microsoft.Storage/storageAccounts/managementPolicies"));
        var rule = Assert.Single(Template.At(policy, "properties.policy.rules")!.AsArray())!;

        Assert.True((bool)rule["enabled"]!);
        Assert.Equal("[parameters('previousVersionDays')]", (string?)Template.At(rule, "definition.actions.version.delete.daysAfterCreationGreaterThan"));
        // Only previous versions: a rule on base blobs would delete the app's current data.
        Assert.Null(Template.At(rule, "definition.actions.baseBlob"));
    }

    [Fact]
    public async Task One_instance_is_kept_ready_for_the_durable_group()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var site = Assert.Single(Template.Resources(template, "Microsoft.Web/sites"));

        // The durable group with durableAlwaysReady instances; no entry at all for 0.
        Assert.Equal(
            "[if(greater(parameters('durableAlwaysReady'), 0), createArray(createObject('name', 'durable', 'instanceCount', parameters('durableAlwaysReady'))), createArray())]",
            (string?)Template.At(site, "properties.functionAppConfig.scaleAndConcurrency.alwaysReady"));
        Assert.Equal("[parameters('durableAlwaysReady')]", (string?)Template.At(Template.Module(template, "functionapp"), "parameters.durableAlwaysReady.value"));
        Assert.Equal(1, (int)Template.At(template, "parameters.durableAlwaysReady.defaultValue")!);
    }

    [Fact]
    public async Task Every_setting_a_trigger_names_is_a_flat_app_setting_and_a_local_one()
    {
        var settings = await AppSettingsTests.AppSettingsAsync();
        var local = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json")))!["Values"]!.AsObject();
        var placeholders = Directory.GetFiles(Path.Combine(Bicep.RepositoryRoot, "src", "ThiDua.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Placeholder().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.Contains("ThiDua_LaunchCheckSchedule", placeholders);
        Assert.All(placeholders, name =>
        {
            Assert.DoesNotContain(':', name);
            Assert.DoesNotContain("__", name, StringComparison.Ordinal);
            Assert.Contains(name, settings.Keys);
            Assert.True(local.ContainsKey(name), $"local.settings.sample.json lacks {name}.");
        });
    }

    [Fact]
    public async Task The_portal_links_to_the_app_itself_unless_told_otherwise()
    {
        var template = await Bicep.CompiledTemplateAsync();

        Assert.Equal("", (string?)Template.At(template, "parameters.portalBaseUrl.defaultValue"));
        Assert.Equal(
            "[if(empty(parameters('portalBaseUrl')), format('https://{0}/api/portal', reference(resourceId('Microsoft.Web/sites', parameters('name')), '2024-04-01').defaultHostName), parameters('portalBaseUrl'))]",
            (await AppSettingsTests.AppSettingsAsync())["ThiDua__PortalBaseUrl"]);
    }

    [Fact]
    public async Task The_Key_Vault_is_named_per_deployment_seed_and_keeps_purge_protection()
    {
        var template = await Bicep.CompiledTemplateAsync();

        Assert.Contains("parameters('deploymentSeed')", (string?)Template.At(Template.Module(template, "keyvault"), "parameters.name.value"), StringComparison.Ordinal);
        Assert.Equal("${THIDUA_DEPLOYMENT_SEED}", (string?)Template.At(Parameters, "parameters.deploymentSeed.value"));
        var vault = Assert.Single(Template.Resources(template, "Microsoft.KeyVault/vaults"));
        Assert.True((bool)Template.At(vault, "properties.enablePurgeProtection")!);
    }

    [Fact]
    public async Task An_empty_relay_sender_or_smtp_password_stops_the_deployment_unless_the_relay_needs_no_password()
    {
        var template = await Bicep.CompiledTemplateAsync();

        // The app does not start without a relay and a sender: refused at deploy time too.
        Assert.Equal(1, (int)Template.At(template, "parameters.mailHost.minLength")!);
        Assert.Equal(3, (int)Template.At(template, "parameters.mailFrom.minLength")!);
        Assert.Equal("", (string?)Template.At(template, "parameters.smtpPassword.defaultValue"));
        Assert.False((bool)Template.At(template, "parameters.smtpNeedsNoPassword.defaultValue")!);
        Assert.StartsWith(
            "[if(or(parameters('smtpNeedsNoPassword'), not(empty(parameters('smtpPassword')))), parameters('smtpPassword'), fail(",
            (string?)Template.At(template, "variables.checkedSmtpPassword"), StringComparison.Ordinal);
        Assert.Equal("[variables('checkedSmtpPassword')]", (string?)Template.At(Template.Module(template, "keyvault"), "parameters.smtpPassword.value"));

        // A relay that needs no password gets no secret (and an empty setting), not an empty secret.
        var secret = Assert.Single(Template.Resources(template, "Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("[not(empty(parameters('smtpPassword')))]", (string?)secret["condition"]);
        Assert.StartsWith("[if(empty(parameters('smtpPasswordSecretUri')), '', ", (await AppSettingsTests.AppSettingsAsync())["ThiDua__Mail__Password"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_gets_data_roles_on_the_account_and_secret_reads_on_the_vault()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var storage = Template.Module(template, "storage");
        var vault = Template.Module(template, "keyvault");

        var dataRoles = Assert.Single(Template.Resources(storage, "Microsoft.Authorization/roleAssignments"));
        Assert.Equal("[length(variables('roleIds'))]", (string?)Template.At(dataRoles, "copy.count"));
        Assert.Equal("[parameters('principalId')]", (string?)Template.At(dataRoles, "properties.principalId"));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", (string?)dataRoles["scope"]);
        Assert.Equal(3, Template.At(storage, "template.variables.roleIds")!.AsArray().Count);

        var secretsUser = Assert.Single(Template.Resources(vault, "Microsoft.Authorization/roleAssignments"));
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]", (string?)secretsUser["scope"]);
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", (string?)Template.At(vault, "template.variables.secretsUserRoleId"));

        // Both to the app's user-assigned identity.
        foreach (var module in new[] { storage, vault })
        {
            Assert.Equal(
                "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('id-{0}-{1}', parameters('appName'), variables('suffix'))), '2023-01-31').principalId]",
                (string?)Template.At(module, "parameters.principalId.value"));
        }
    }

    [Fact]
    public async Task The_azd_project_deploys_the_Functions_app_with_every_required_parameter()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var azureYaml = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "azure.yaml"));

        Assert.Contains("path: infra", azureYaml, StringComparison.Ordinal);
        Assert.Contains("project: ./src/ThiDua.Functions", azureYaml, StringComparison.Ordinal);
        Assert.Contains("host: function", azureYaml, StringComparison.Ordinal);
        foreach (var hook in HookScript().Matches(azureYaml).Select(m => m.Groups[1].Value))
        {
            Assert.True(File.Exists(Path.Combine(Bicep.RepositoryRoot, hook)), $"azure.yaml runs {hook}, which does not exist.");
        }

        // azd finds the app to deploy to by the tag naming the service.
        var site = Assert.Single(Template.Resources(template, "Microsoft.Web/sites"));
        Assert.Contains("  functions:", azureYaml, StringComparison.Ordinal);
        Assert.Equal("functions", (string?)Template.At(Template.Module(template, "functionapp"), "parameters.tags.value.azd-service-name"));
        Assert.Equal("[parameters('tags')]", (string?)site["tags"]);

        var declared = Template.At(template, "parameters")!.AsObject();
        var given = Template.At(Parameters, "parameters")!.AsObject().Select(p => p.Key).ToList();
        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        Assert.All(declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key), name => Assert.Contains(name, given));
    }

    [Fact]
    public async Task The_hooks_are_POSIX_shell()
    {
        foreach (var hook in Directory.GetFiles(Path.Combine(Bicep.Infra, "hooks"), "*.sh"))
        {
            // sh -n parses without running: no az, no azd, nothing reaches Azure.
            var check = await ToolProcess.RunAsync("sh", ["-n", hook], TimeSpan.FromMinutes(1));
            Assert.True(check.ExitCode == 0, $"{hook}: {check.Error}");
        }
    }

    [Fact]
    public void The_Entra_app_has_the_role_the_API_trusts_and_the_CLI_is_pre_authorized_for_its_scope()
    {
        var app = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "hooks", "entra-app.json")))!;
        var preauthorize = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "hooks", "entra-app-preauthorize.json")))!;

        var role = Assert.Single(app["appRoles"]!.AsArray())!;
        Assert.Contains($"AdminRole {{ get; set; }} = \"{(string)role["value"]!}\";", Source("src/ThiDua.Api/ThiDuaApiOptions.cs"), StringComparison.Ordinal);
        Assert.True((bool)role["isEnabled"]!);

        // The second request repeats the scopes (it replaces the api object) and adds the Azure CLI.
        Assert.Equal(app["api"]!["oauth2PermissionScopes"]!.ToJsonString(), preauthorize["api"]!["oauth2PermissionScopes"]!.ToJsonString());
        Assert.Equal(2, (int)app["api"]!["requestedAccessTokenVersion"]!);
        var cli = Assert.Single(preauthorize["api"]!["preAuthorizedApplications"]!.AsArray())!;
        Assert.Equal("04b07795-8ddb-461a-bbee-02f9e1bf7b46", (string?)cli["appId"]);
        Assert.Equal((string?)app["api"]!["oauth2PermissionScopes"]![0]!["id"], (string?)Assert.Single(cli["delegatedPermissionIds"]!.AsArray()));
    }

    private static readonly JsonNode Parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "main.parameters.json")))!;

    private static string Source(string relativePath) => File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, relativePath));

    private static string StorageConstant(string name)
        => Regex.Match(Source("src/ThiDua.Storage/DocumentContainers.cs"), $@"const string {name} = ""([^""]+)"";").Groups[1].Value;

    [GeneratedRegex(@"Trigger\(""%([^%""]+)%""")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"run: \./(\S+)")]
    private static partial Regex HookScript();
}
