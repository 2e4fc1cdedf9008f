using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Web.Infrastructure.Email;

/// <summary>SMTP settings; with no host, messages are written as .eml files into a pickup folder under the data folder.</summary>
public sealed class EmailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "PathwayHub <no-reply@pathwayhub.example>";
}

/// <summary>Composes messages from <see cref="EmailTemplates"/> and sends them over SMTP, or into the pickup folder.</summary>
public sealed class EmailSender(EmailOptions options, DatabaseSettings database, PublicAddress publicAddress)
{
    public string PickupFolder => Path.Combine(database.DataFolder, "mail-pickup");

    /// <summary>The absolute address of a portal path, for links in messages.</summary>
    public string LinkTo(string path) => publicAddress.Link(path);

    public MimeMessage Compose(string to, string kind, string subject, string body, string link)
    {
        var rendered = EmailTemplates.Render(kind, subject, body, LinkTo(link));
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = rendered.Subject;
        message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        return message;
    }

    /// <summary>A session sends many messages over one SMTP connection (reopened after a failure).</summary>
    public EmailSession OpenSession() => new(options, PickupFolder);
}

public sealed class EmailSession(EmailOptions options, string pickupFolder) : IAsyncDisposable
{
    private SmtpClient? _smtp;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            Directory.CreateDirectory(pickupFolder);
            await message.WriteToAsync(Path.Combine(pickupFolder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml"), ct);
            return;
        }
        try
        {
            if (_smtp is not { IsConnected: true })
            {
                _smtp?.Dispose();
                _smtp = new SmtpClient();
                await _smtp.ConnectAsync(options.Host, options.Port, options.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
                if (!string.IsNullOrEmpty(options.UserName)) await _smtp.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            }
            await _smtp.SendAsync(message, ct);
        }
        catch
        {
            // Start the next message on a fresh connection rather than trust the state this one is left in.
            await CloseAsync();
            throw;
        }
    }

    private async Task CloseAsync()
    {
        if (_smtp is null) return;
        try
        {
            if (_smtp.IsConnected) await _smtp.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
        {
            // The server is gone already; nothing to close politely.
        }
        _smtp.Dispose();
        _smtp = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
