<?xml version="1.0" encoding="UTF-8"?>
<!-- Sorts, groups, counts, sums and string-processes the catalogue. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>
  <xsl:key name="by-year" match="item" use="@year"/>
  <xsl:template match="/catalog">
    <report items="{count(//item)}" total="{format-number(sum(//item/@price), '0.00')}">
      <xsl:for-each select="section">
        <xsl:sort select="@name" order="descending"/>
        <section name="{translate(@name, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}">
          <xsl:apply-templates select="item">
            <xsl:sort select="@year" data-type="number"/>
            <xsl:sort select="title"/>
          </xsl:apply-templates>
        </section>
      </xsl:for-each>
      <years>
        <xsl:for-each select="//item[generate-id() = generate-id(key('by-year', @year)[1])]">
          <xsl:sort select="@year" data-type="number"/>
          <year value="{@year}" count="{count(key('by-year', @year))}"/>
        </xsl:for-each>
      </years>
    </report>
  </xsl:template>
  <xsl:template match="item">
    <entry id="{@id}" position="{position()}">
      <name><xsl:value-of select="concat(substring(title, 1, 20), ' (', string-length(title), ')')"/></name>
      <tags><xsl:for-each select="tag"><xsl:value-of select="."/><xsl:if test="position() != last()">; </xsl:if></xsl:for-each></tags>
    </entry>
  </xsl:template>
</xsl:stylesheet>
