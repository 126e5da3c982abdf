#if NANOFRAMEWORK_1_0
using System;

namespace EdgeOracle.Esp32.Config
{
    /// <summary>
    /// The few pin-map values the app needs, read from the copy of <c>hardware/*/pinmap.json</c> the provisioning tool
    /// puts on <c>I:\edgeoracle\pinmap.json</c> (one source of truth: the numbers are never written in code). A minimal
    /// reader for that flat, known file: it finds <c>"section": { … "key": number …}</c> without a JSON library.
    /// </summary>
    internal sealed class PinMap
    {
        private readonly string _json;

        public PinMap(string json)
        {
            _json = json;
        }

        /// <summary>Returns the integer <paramref name="key"/> inside the object <paramref name="section"/>.</summary>
        public int GetInt(string section, string key)
        {
            string text = GetRaw(section, key);
            return int.Parse(text);
        }

        /// <summary>Returns an integer written as a hex string, e.g. "0x76".</summary>
        /// <summary>A string value, e.g. the till's UART name.</summary>
        public string GetString(string section, string key)
        {
            return GetRaw(section, key).Trim('"');
        }

        public int GetHex(string section, string key)
        {
            string text = GetRaw(section, key).Trim('"');
            return Convert.ToInt32(text.Substring(2), 16);
        }

        private string GetRaw(string section, string key)
        {
            int start = _json.IndexOf("\"" + section + "\"");
            if (start < 0)
            {
                throw new ArgumentException("pinmap has no " + section);
            }

            int end = _json.IndexOf('}', start);
            int at = _json.IndexOf("\"" + key + "\"", start);
            if (at < 0 || at > end)
            {
                throw new ArgumentException("pinmap " + section + " has no " + key);
            }

            int colon = _json.IndexOf(':', at);
            int stop = colon + 1;
            while (stop < end && _json[stop] != ',' && _json[stop] != '\n' && _json[stop] != '}')
            {
                stop++;
            }

            return _json.Substring(colon + 1, stop - colon - 1).Trim();
        }
    }
}
#endif
