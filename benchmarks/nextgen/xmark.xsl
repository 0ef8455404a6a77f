<?xml version="1.0" encoding="UTF-8"?>
<!-- XMark-like queries over gen_xmark.py's document: per-region item
     listings with string work, bids summed per auction, a key join of
     closed auctions to buyers, and category counts. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="yes"/>
  <xsl:key name="person" match="person" use="@id"/>
  <xsl:key name="cat" match="incategory" use="@category"/>
  <xsl:template match="/site">
    <result>
      <xsl:for-each select="regions/*">
        <region name="{name()}" items="{count(item)}">
          <xsl:for-each select="item[quantity &gt; 2]">
            <xsl:sort select="name"/>
            <item id="{@id}" words="{string-length(normalize-space(description/text)) - string-length(translate(normalize-space(description/text), ' ', '')) + 1}">
              <xsl:value-of select="translate(name, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
            </item>
          </xsl:for-each>
        </region>
      </xsl:for-each>
      <auctions>
        <xsl:for-each select="open_auctions/open_auction[count(bidder) &gt; 3]">
          <auction id="{@id}" total="{initial + sum(bidder/increase)}" top="{bidder[last()]/personref/@person}"/>
        </xsl:for-each>
      </auctions>
      <sales>
        <xsl:for-each select="closed_auctions/closed_auction[price &gt; 500]">
          <sale price="{price}" buyer="{key('person', buyer/@person)/name}"
                age="{key('person', buyer/@person)/profile/age}"/>
        </xsl:for-each>
      </sales>
      <categories>
        <xsl:for-each select="(//incategory)[position() &lt;= 100]">
          <category id="{@category}" items="{count(key('cat', @category))}"/>
        </xsl:for-each>
      </categories>
    </result>
  </xsl:template>
</xsl:stylesheet>
