using 'main.bicep'

// Example values for one province; the SMTP password comes from the deploying shell, never from git.
param appName = 'thidua'
param taskHubName = 'ThiDua'
param portalBaseUrl = 'https://thidua.example.gov.vn/api/portal'
param mailHost = 'smtp.azurecomm.net'
param mailPort = 587
param mailUseTls = true
param mailUserName = 'thidua-sender'
param mailFrom = 'thidua@example.gov.vn'
param smtpPassword = readEnvironmentVariable('THIDUA_SMTP_PASSWORD', '')
