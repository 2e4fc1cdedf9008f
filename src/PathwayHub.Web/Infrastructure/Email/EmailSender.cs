using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PathwayHub.Web.Data;

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
    /// <summary>Absolute base of links in messages, e.g. https://pathwayhub.example.org.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";
}

public sealed class EmailSender(EmailOptions options, DatabaseSettings database)
{
    public string PickupFolder => Path.Combine(database.DataFolder, "mail-pickup");

    public async Task SendAsync(string to, string subject, string text, string link, CancellationToken ct)
    {
        var url = options.BaseUrl.TrimEnd('/') + link;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder
        {
            TextBody = $"{text}\n\nOpen in PathwayHub: {url}\n",
            HtmlBody = $"<p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"{WebUtility.HtmlEncode(url)}\">Open in PathwayHub</a></p>",
        }.ToMessageBody();

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            Directory.CreateDirectory(PickupFolder);
            await message.WriteToAsync(Path.Combine(PickupFolder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml"), ct);
            return;
        }
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.Host, options.Port, options.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.UserName)) await smtp.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
